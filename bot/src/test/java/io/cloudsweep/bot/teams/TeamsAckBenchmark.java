package io.cloudsweep.bot.teams;

import io.cloudsweep.adapters.teams.TeamsBot;
import io.cloudsweep.adapters.teams.TeamsSettings;
import io.cloudsweep.bot.DemoSweeper;
import io.cloudsweep.bot.Roles;
import io.cloudsweep.bot.Sweeper;
import io.cloudsweep.bot.TeamsSetup;
import io.cloudsweep.bot.server.BotServer;
import io.cloudsweep.bot.server.Load;
import io.cloudsweep.bot.server.TeamsRoute;
import io.cloudsweep.storage.Database;
import io.cloudsweep.storage.SecretBox;
import io.undertow.Undertow;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntFunction;

/**
 * Teams acknowledgement latency: message activities with a valid Bot Framework token (checked against the loopback
 * OpenID metadata and keys, as Teams' are) at a steady rate against the Teams route of a running server (demo data,
 * embedded PostgreSQL, a loopback connector), warm, beside a bare Undertow handler in the same run. Each activity has
 * an id of its own, so none is taken for a redelivery. Prints figures; asserts nothing.
 */
public final class TeamsAckBenchmark {

    private static final String APP_ID = "11111111-2222-3333-4444-555555555555";
    private static final String TENANT = "tenant-acme";
    private static final int RATE = Integer.getInteger("bench.teamsRate", 500);
    private static final Duration STEADY = Duration.ofSeconds(Integer.getInteger("bench.seconds", 60));

    private TeamsAckBenchmark() {
    }

    public static void main(String[] args) {
        try {
            run();
        } catch (Throwable e) {
            // the scheduler's threads would keep the JVM, and the build, waiting
            e.printStackTrace();
            System.exit(1);
        }
    }

    private static void run() throws Exception {
        Clock clock = Clock.systemUTC();
        try (FakeTeams teams = new FakeTeams(); DemoSweeper demo = DemoSweeper.start("cloudsweep-bench")) {
            Database database = demo.database();
            Sweeper sweeper = demo.sweeper();
            TeamsBot bot = TeamsSetup.start(new TeamsSettings(APP_ID, "app-password", TENANT, teams.authority(),
                    Optional.of(teams.base() + "/openid"), Duration.ZERO), sweeper, database, SecretBox.fromBase64(SecretBox.newKey()),
                    new Roles(database, Map.of()), clock);
            BotServer server = BotServer.start("127.0.0.1", 0, database, List.of(BotServer.Route.post("/api/messages", new TeamsRoute(bot))),
                    Optional.empty());
            Undertow bare = Load.bare();
            URI messages = URI.create("http://127.0.0.1:" + server.port() + "/api/messages");
            TeamsWire wire = new TeamsWire(teams, APP_ID, "a:1-bench");
            String token = teams.token(APP_ID);
            long run = System.nanoTime();
            IntFunction<HttpRequest> teamsRequest = i -> {
                try {
                    return HttpRequest.newBuilder(messages).header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
                            .POST(HttpRequest.BodyPublishers.ofString(wire.message("bench-" + run + "-" + i, TENANT, "aad-ana", "help"))).build();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            };
            IntFunction<HttpRequest> bareRequest = Load.bareRequests(bare);
            System.out.println("compilers: " + io.cloudsweep.adapters.aws.bench.ScanBenchmark.compilers());
            System.out.println("thread priorities: " + Load.priorities());
            HttpClient http = Load.client();
            Load.steady("warm-up, Teams route", http, i -> teamsRequest.apply(-1 - i), RATE, Duration.ofSeconds(10), 202);
            Load.steady("warm-up, bare Undertow", http, bareRequest, RATE, Duration.ofSeconds(5), 200);
            bot.runtime().awaitIdle(Duration.ofMinutes(5));
            Load.steady("bare Undertow", http, bareRequest, RATE, STEADY, 200);
            Load.steady("Teams route (token checked, acknowledged)", http, teamsRequest, RATE, STEADY, 202);
            System.out.println("server JVM after the Teams load: " + Load.memory());
            boolean answered = bot.runtime().awaitIdle(Duration.ofMinutes(5));
            System.out.printf("connector calls the bot made meanwhile: %d; %s%n", teams.calls().size(), answered
                    ? "every activity answered" : "answers still queued 5 minutes after the load (closing the bot drops them)");
            server.close();
            bare.stop();
            bot.close();
        }
        System.exit(0);
    }
}
