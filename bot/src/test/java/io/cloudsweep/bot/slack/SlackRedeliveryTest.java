package io.cloudsweep.bot.slack;

import io.cloudsweep.adapters.aws.AwsOptions;
import io.cloudsweep.adapters.aws.fake.FakeAws;
import io.cloudsweep.adapters.slack.SlackBot;
import io.cloudsweep.adapters.slack.SlackSettings;
import io.cloudsweep.bot.Clouds;
import io.cloudsweep.bot.EngineSettings;
import io.cloudsweep.bot.Roles;
import io.cloudsweep.bot.SlackSetup;
import io.cloudsweep.bot.Sweeper;
import io.cloudsweep.bot.jobs.JobScheduler;
import io.cloudsweep.bot.server.BotServer;
import io.cloudsweep.bot.server.SlackRoute;
import io.cloudsweep.engine.demo.DemoCloud;
import io.cloudsweep.engine.scan.ScanListener;
import io.cloudsweep.engine.scan.ScanRequest;
import io.cloudsweep.engine.store.Organization;
import io.cloudsweep.storage.AwsAccounts;
import io.cloudsweep.storage.Database;
import io.cloudsweep.storage.DatabaseSettings;
import io.cloudsweep.storage.Organizations;
import io.cloudsweep.storage.PostgresFindingStore;
import io.cloudsweep.storage.PostgresPriceCache;
import io.cloudsweep.storage.SecretBox;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static io.cloudsweep.bot.server.ServedJar.eventually;
import static io.cloudsweep.bot.slack.SlackWire.click;
import static io.cloudsweep.bot.slack.SlackWire.slashCommand;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two replicas on one database behind one Slack app: every delivery is sent four times, alternately to each replica,
 * the repeats while the first is still at work (as Slack retries an event not answered in 3 seconds, or a proxy resends
 * a request): a command answers once, an approval makes one snapshot and one deletion in AWS and one approval in the
 * audit, a snooze one snooze.
 */
class SlackRedeliveryTest {

    private static final String SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private static final String VOLUME = "vol-0e41b7c2d9a3f0101";
    private static final String SNOOZED = "vol-0f52c8d3e0b4a1102";

    @TempDir
    Path dataDir;

    /** One replica: its own scheduler, interpreter, Slack bot and server, on the shared database and AWS. */
    private record Replica(Sweeper sweeper, SlackBot bot, BotServer server) implements AutoCloseable {
        URI events() {
            return URI.create("http://127.0.0.1:" + server.port() + "/slack/events");
        }

        @Override
        public void close() {
            server.close();
            bot.close();
            sweeper.close();
        }
    }

    private static Replica replica(String name, Database database, FakeAws aws, FakeSlack slack) {
        Clock clock = Clock.systemUTC();
        Clouds clouds = new Clouds(AwsOptions.defaults().withEndpoint(aws.endpoint())
                .withCredentials(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIAFAKEREDELIVERY", "secret"))),
                Optional.empty(), new AwsAccounts(database, clock), new PostgresPriceCache(database), clock);
        Sweeper sweeper = Sweeper.start(database, EngineSettings.load(null), clouds, clock, new JobScheduler.Options(name, 2, Duration.ofSeconds(7)));
        SlackBot bot = SlackSetup.start(new SlackSettings(SECRET, new SlackSettings.One("xoxb-test-token"), slack.apiUrl().toString(), Duration.ZERO),
                sweeper, database, SecretBox.fromBase64(SecretBox.newKey()), new Roles(database, Map.of("CLOUDSWEEP_ADMINS", "U0ANA")), clock);
        BotServer server = BotServer.start("127.0.0.1", 0, database, List.of(BotServer.Route.post("/slack/events", new SlackRoute(bot))),
                Optional.empty());
        return new Replica(sweeper, bot, server);
    }

    @Test
    void everyDeliverySentFourTimesToTwoReplicasActsOnce() throws Exception {
        Clock clock = Clock.systemUTC();
        try (Database database = Database.open(DatabaseSettings.embedded(dataDir)); FakeSlack slack = new FakeSlack();
             FakeAws aws = FakeAws.start(DemoCloud.at(NOW), DemoCloud.ACCOUNT, NOW)) {
            database.migrate();
            Organization acme = new Organizations(database).ensure(Organization.Platform.SLACK, "T0ACME", "Acme");
            new AwsAccounts(database, clock).connect(acme.id(), DemoCloud.ACCOUNT.id(), "prod", Optional.empty(), Optional.empty(), true);
            new PostgresFindingStore(database).save(acme, EngineSettings.load(null).scanService(DemoCloud.at(NOW), clock)
                    .scan(ScanRequest.allRegions(List.of(DemoCloud.ACCOUNT), "test"), ScanListener.NONE));
            try (Replica a = replica("replica-a", database, aws, slack); Replica b = replica("replica-b", database, aws, slack)) {
                List<SlackWire> wires = List.of(new SlackWire(a.events()), new SlackWire(b.events()));

                fourTimes(wires, slashCommand("T0ACME", "U0ANA", "findings ebs-unattached"));
                FakeSlack.Call card = eventually(() -> slack.calls("chat.postMessage", call -> call.field("text").contains(VOLUME)).stream()
                        .findFirst().orElse(null), Duration.ofSeconds(30), () -> "posts: " + slack.calls("chat.postMessage"));
                String approve = SlackWire.actions(card).get(0).get("value").asText();
                fourTimes(wires, click("T0ACME", "U0ANA", card.ts(), "approve", approve));
                eventually(() -> slack.calls("chat.update", call -> call.field("ts").equals(card.ts()) && call.field("text").contains("cleaned (C-1)"))
                        .isEmpty() ? null : true, Duration.ofSeconds(60), () -> "updates: " + slack.calls("chat.update"));

                FakeSlack.Call other = slack.calls("chat.postMessage", call -> call.field("text").contains(SNOOZED)).get(0);
                fourTimes(wires, click("T0ACME", "U0ANA", other.ts(), "snooze-7d", "snooze F-" + findingOf(database, SNOOZED) + " 7d"));
                eventually(() -> slack.calls("chat.update", call -> call.field("ts").equals(other.ts()) && call.field("text").contains("snoozed"))
                        .isEmpty() ? null : true, Duration.ofSeconds(30), () -> "updates: " + slack.calls("chat.update"));
            }
            // closing each replica let its work finish: every answer either would give has been posted
            assertThat(slack.calls("chat.postMessage", call -> call.field("text").contains(VOLUME))).as("the findings listed once").hasSize(1);
            assertThat(aws.succeeded("ec2:CreateSnapshot")).as("snapshots AWS made").isEqualTo(1);
            assertThat(aws.succeeded("ec2:DeleteVolume")).as("deletions AWS made").isEqualTo(1);
            assertThat(count(database, "SELECT count(*) FROM cleanups")).isEqualTo(1);
            assertThat(count(database, "SELECT count(*) FROM audit_log WHERE action = 'finding.approved'")).isEqualTo(1);
            assertThat(count(database, "SELECT count(*) FROM audit_log WHERE action = 'finding.snoozed'")).isEqualTo(1);
            assertThat(slack.calls("chat.postEphemeral")).as("the approval answered once, no repeat even with 'already done'")
                    .extracting(call -> call.field("text")).containsExactly("Cleanup C-1 of F-" + findingOf(database, VOLUME) + " begun.");
        }
    }

    /**
     * Sends {@code body} four times, alternately to each replica, each a retry signed anew as Slack signs it: the original and
     * the first retry at the same moment, so the retry arrives while the original still runs, then the other two.
     */
    private static void fourTimes(List<SlackWire> wires, String body) throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        List<CompletableFuture<Integer>> firstTwo = new ArrayList<>();
        for (int attempt = 0; attempt < 2; attempt++) {
            int sent = attempt;
            firstTwo.add(CompletableFuture.supplyAsync(() -> {
                try {
                    go.await();
                    return send(wires, body, sent);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        go.countDown();
        for (int attempt = 0; attempt < 4; attempt++) {
            int status = attempt < 2 ? firstTwo.get(attempt).get(30, TimeUnit.SECONDS) : send(wires, body, attempt);
            assertThat(status).as("attempt " + attempt).isEqualTo(200);
        }
    }

    private static int send(List<SlackWire> wires, String body, int attempt) throws Exception {
        Map<String, String> retry = attempt == 0 ? Map.of() : Map.of("X-Slack-Retry-Num", String.valueOf(attempt), "X-Slack-Retry-Reason", "http_timeout");
        return wires.get(attempt % 2).post(body, Instant.now(), SECRET, "application/x-www-form-urlencoded", retry).statusCode();
    }

    private static long findingOf(Database database, String resource) {
        return database.jdbi().withHandle(handle -> handle.createQuery("SELECT id FROM findings WHERE resource_id = :id")
                .bind("id", resource).mapTo(Long.class).one());
    }

    private static int count(Database database, String sql) {
        return database.jdbi().withHandle(handle -> handle.createQuery(sql).mapTo(Integer.class).one());
    }
}
