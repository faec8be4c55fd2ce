package io.cloudsweep.bot.teams;

import io.cloudsweep.adapters.teams.TeamsBot;
import io.cloudsweep.adapters.teams.TeamsSettings;
import io.cloudsweep.bot.Clouds;
import io.cloudsweep.bot.EngineSettings;
import io.cloudsweep.bot.Roles;
import io.cloudsweep.bot.Sweeper;
import io.cloudsweep.bot.TeamsSetup;
import io.cloudsweep.bot.jobs.JobScheduler;
import io.cloudsweep.bot.server.BotServer;
import io.cloudsweep.bot.server.TeamsRoute;
import io.cloudsweep.storage.Database;
import io.cloudsweep.storage.DatabaseSettings;
import io.cloudsweep.storage.SecretBox;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two replicas on one database: a Teams message delivered to one and delivered again to the other (Teams resends what
 * was not answered in time, to whichever replica its load balancer picks) is answered once.
 */
class TeamsRedeliveryTest {

    private static final String APP_ID = "11111111-2222-3333-4444-555555555555";
    private static final String TENANT = "tenant-acme";
    private static final String CONVERSATION = "a:1-redelivered";

    @TempDir
    Path dataDir;

    /** One replica: its own scheduler, interpreter, Teams bot and server, on the shared database. */
    private record Replica(Sweeper sweeper, TeamsBot bot, BotServer server) implements AutoCloseable {
        URI messages() {
            return URI.create("http://127.0.0.1:" + server.port() + "/api/messages");
        }

        @Override
        public void close() {
            server.close();
            bot.close();
            sweeper.close();
        }
    }

    private static Replica replica(String name, Database database, FakeTeams teams) {
        Clock clock = Clock.systemUTC();
        Sweeper sweeper = Sweeper.start(database, EngineSettings.load(null), Clouds.of(database, true, Map.of(), clock), clock,
                new JobScheduler.Options(name, 2, Duration.ofSeconds(7)));
        TeamsBot bot = TeamsSetup.start(new TeamsSettings(APP_ID, "app-password", TENANT, teams.authority(), Optional.of(teams.base() + "/openid"),
                Duration.ofMillis(10)), sweeper, database, SecretBox.fromBase64(SecretBox.newKey()), new Roles(database, Map.of()), clock);
        BotServer server = BotServer.start("127.0.0.1", 0, database, List.of(BotServer.Route.post("/api/messages", new TeamsRoute(bot))),
                Optional.empty());
        return new Replica(sweeper, bot, server);
    }

    @Test
    void aMessageDeliveredAgainToTheOtherReplicaIsAnsweredOnce() throws Exception {
        try (Database database = Database.open(DatabaseSettings.embedded(dataDir)); FakeTeams teams = new FakeTeams()) {
            database.migrate();
            TeamsWire wire = new TeamsWire(teams, APP_ID, CONVERSATION);
            String message = wire.message("m-1", TENANT, "aad-ana", "savings");
            String other = wire.message("m-2", TENANT, "aad-ana", "savings");
            try (Replica a = replica("replica-a", database, teams); Replica b = replica("replica-b", database, teams)) {
                assertThat(wire.post(a.messages(), message, teams.token(APP_ID)).statusCode()).isEqualTo(202);
                assertThat(wire.post(b.messages(), message, teams.token(APP_ID)).statusCode()).as("acknowledged, as a redelivery").isEqualTo(202);
                assertThat(wire.post(b.messages(), other, teams.token(APP_ID)).statusCode()).isEqualTo(202);
            }
            // closing each replica let its work finish: every answer either would give has been posted
            List<FakeTeams.Call> answers = teams.calls("POST", call -> call.path().contains("/v3/conversations/" + CONVERSATION + "/activities"));
            assertThat(answers).as("m-1 once, by whichever replica took it first, and m-2: " + teams.calls()).hasSize(2);
        }
    }

    @Test
    void aMessageSentAgainFifteenSecondsAfterItWasAnsweredIsNotAnsweredAgain() throws Exception {
        try (Database database = Database.open(DatabaseSettings.embedded(dataDir)); FakeTeams teams = new FakeTeams()) {
            database.migrate();
            TeamsWire wire = new TeamsWire(teams, APP_ID, CONVERSATION);
            String message = wire.message("m-1", TENANT, "aad-ana", "savings");
            try (Replica a = replica("replica-a", database, teams); Replica b = replica("replica-b", database, teams)) {
                assertThat(wire.post(a.messages(), message, teams.token(APP_ID)).statusCode()).isEqualTo(202);
                assertThat(a.bot().runtime().awaitIdle(Duration.ofSeconds(30))).as("the first delivery answered").isTrue();
                assertThat(answers(teams)).hasSize(1);
                // Teams resends what it thinks unanswered; the claim must outlive 15 s and the nightly forgetting
                database.jdbi().useHandle(handle -> handle.execute("UPDATE chat_deliveries SET seen_at = seen_at - interval '15 seconds'"));
                new io.cloudsweep.storage.ChatDeliveries(database).forgetOld();

                assertThat(wire.post(b.messages(), message, teams.token(APP_ID)).statusCode()).as("acknowledged, as a redelivery").isEqualTo(202);
            }
            assertThat(answers(teams)).as("answered once: " + teams.calls()).hasSize(1);
        }
    }

    private static List<FakeTeams.Call> answers(FakeTeams teams) {
        return teams.calls("POST", call -> call.path().contains("/v3/conversations/" + CONVERSATION + "/activities"));
    }
}
