package io.cloudsweep.bot.slack;

import io.cloudsweep.adapters.slack.SlackBot;
import io.cloudsweep.adapters.slack.SlackSettings;
import io.cloudsweep.bot.DemoSweeper;
import io.cloudsweep.bot.EngineSettings;
import io.cloudsweep.bot.SlackSetup;
import io.cloudsweep.bot.Sweeper;
import io.cloudsweep.bot.jobs.JobScheduler;
import io.cloudsweep.bot.server.BotServer;
import io.cloudsweep.bot.server.Load;
import io.cloudsweep.bot.server.SlackRoute;
import io.cloudsweep.engine.approval.Actor;
import io.cloudsweep.engine.approval.Role;
import io.cloudsweep.engine.chat.ChatCommand;
import io.cloudsweep.engine.chat.ChatListener;
import io.cloudsweep.engine.chat.CommandInterpreter;
import io.cloudsweep.engine.store.Organization;
import io.cloudsweep.storage.Database;
import io.cloudsweep.storage.DatabaseSettings;
import io.cloudsweep.storage.SecretBox;
import io.undertow.Undertow;
import io.undertow.util.Headers;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * Slack acknowledgement latency and throughput: signed slash commands and button clicks at a steady 500 requests
 * a second against the Slack route of a running server (demo data, embedded PostgreSQL, a loopback Slack Web
 * API), beside a bare Undertow handler measured in the same run. Latency counts from each request's scheduled
 * time, so a stall shows. Prints figures; asserts nothing.
 * {@code mvn -q -Pbench verify -pl engine,storage,adapters/aws,adapters/slack,adapters/teams,bot -DskipTests}
 */
public final class SlackAckBenchmark {

    private static final String SECRET = "bench-signing-secret";
    private static final int RATE = 500;
    private static final Duration STEADY = Duration.ofSeconds(Integer.getInteger("bench.seconds", 60));

    private SlackAckBenchmark() {
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
        try (FakeSlack slack = new FakeSlack(); DemoSweeper demo = DemoSweeper.start("cloudsweep-bench")) {
            Database database = demo.database();
            Sweeper sweeper = demo.sweeper();
            Organization acme = sweeper.organization(Organization.Platform.SLACK, "T0ACME");
            // the demo's findings, saved as a scan would save them
            new io.cloudsweep.storage.PostgresFindingStore(database).save(acme, EngineSettings.load(null)
                    .scanService(io.cloudsweep.engine.demo.DemoCloud.at(clock.instant()), clock)
                    .scan(io.cloudsweep.engine.scan.ScanRequest.allRegions(List.of(io.cloudsweep.engine.demo.DemoCloud.ACCOUNT), "bench"),
                            io.cloudsweep.engine.scan.ScanListener.NONE));
            SlackBot bot = SlackSetup.start(new SlackSettings(SECRET, new SlackSettings.One("xoxb-bench"), slack.apiUrl().toString(), Duration.ZERO),
                    sweeper, database, SecretBox.fromBase64(SecretBox.newKey()), (organization, user, platformAdmin) -> Role.ADMIN, clock);
            BotServer server = BotServer.start("127.0.0.1", 0, database, List.of(BotServer.Route.post("/slack/events", new SlackRoute(bot))));
            Undertow bare = Load.bare();
            URI events = URI.create("http://127.0.0.1:" + server.port() + "/slack/events");
            // Each click snoozes a finding of its own, as people do: snoozing the demo's few findings thousands of times over
            // would measure how long their histories grow instead.
            io.cloudsweep.bot.server.ApiBenchmark.fill(database, acme.id(), CLICKED);
            long[] open = database.jdbi().withHandle(handle -> handle.createQuery("SELECT id FROM findings WHERE organization_id = :org AND status = 'open' ORDER BY id")
                    .bind("org", acme.id()).mapTo(Long.class).list()).stream().mapToLong(Long::longValue).toArray();
            IntFunction<HttpRequest> slackRequest = requests(events, open);
            IntFunction<HttpRequest> bareRequest = Load.bareRequests(bare);

            System.out.println("compilers: " + io.cloudsweep.adapters.aws.bench.ScanBenchmark.compilers());
            System.out.println("thread priorities: " + Load.priorities());
            HttpClient http = Load.client();
            Load.steady("warm-up, Slack route", http, slackRequest, RATE, Duration.ofSeconds(10), 200);
            Load.steady("warm-up, bare Undertow", http, bareRequest, RATE, Duration.ofSeconds(5), 200);
            quiet(bot);
            Load.steady("bare Undertow", http, bareRequest, RATE, STEADY, 200);
            Load.steady("Slack route (signed, verified, acknowledged)", http, slackRequest, RATE, STEADY, 200);
            System.out.println("server JVM after the Slack load: " + Load.memory());
            quiet(bot);
            double bareCeiling = Load.closedLoop("bare Undertow", http, bareRequest).perSecond();
            Load.Ceiling slackCeiling = Load.closedLoop("Slack route", http, slackRequest);
            long drainFrom = System.nanoTime();
            Load.Cpu beforeDrain = Load.Cpu.now();
            quiet(bot);
            Load.Cpu drainCpu = Load.Cpu.now().minus(beforeDrain);
            // The acknowledgements can outrun the work they queue (it runs below them): what the route sustains is
            // counted until the last request's work is done.
            double drained = (System.nanoTime() - drainFrom) / 1e9;
            double sustained = slackCeiling.requests() / (slackCeiling.seconds() + drained);
            System.out.printf(java.util.Locale.ROOT, "Slack route flat out: %.0f %% of bare Undertow acknowledged; their work done %.1f s after the"
                    + " load (%s), so %.0f requests/s with it: %.0f %% of bare%n", 100 * slackCeiling.perSecond() / bareCeiling, drained,
                    drainCpu.describe(drained, slackCeiling.requests()), sustained, 100 * sustained / bareCeiling);
            System.out.printf("Slack Web API calls the bot made meanwhile: %d%n", slack.calls().size());
            // The route's own cost: help is answered in the acknowledgement and queues no work, so nothing competes with the
            // acknowledgements for the cores here, as the mix's work (its queries, PostgreSQL, its posts) does above.
            double alone = Load.closedLoop("Slack route, help alone", http, i -> signed(events, slashCommand("help"))).perSecond();
            System.out.printf(java.util.Locale.ROOT, "Slack route flat out with no work queued (help): %.0f %% of bare Undertow%n", 100 * alone / bareCeiling);
            server.close();
            bare.stop();
            bot.close();
            freshServer(http, slack, open);
        }
        System.exit(0);
    }

    /** Findings added for the clicks to snooze: more than the clicks of a 60 s run, so that each is snoozed once or twice. */
    private static final int CLICKED = 25_000;
    private static final java.util.concurrent.atomic.AtomicInteger CLICKS = new java.util.concurrent.atomic.AtomicInteger();

    /** The requests of every phase: three in ten list findings, four ask for help, three snooze one of {@code findings} by its button. */
    private static IntFunction<HttpRequest> requests(URI events, long[] findings) {
        return i -> signed(events, switch (i % 10) {
            case 0, 1, 2, 3 -> slashCommand("help");
            case 4, 5, 6 -> slashCommand("findings --min 100000");
            default -> click("snooze-7d", "snooze F-" + findings[CLICKS.getAndIncrement() % findings.length] + " 7d");
        });
    }

    /**
     * The packaged jar's {@code serve --demo} as its own process, on the container's JVM options, loaded from 5 s after
     * it was started (or from when it is ready, if later) by this JVM's client, warm by now: what a replica that
     * has just joined sees. Its Slack workspace has no findings of its own yet, so the snoozes are answered "not found".
     */
    private static void freshServer(HttpClient http, FakeSlack slack, long[] findings) throws Exception {
        Path dir = Files.createTempDirectory("cloudsweep-bench-fresh");
        List<String> jvm = List.of(System.getProperty("bench.jit", "-XX:TieredStopAtLevel=1"), System.getProperty("bench.priority", Load.PRIORITIES),
                System.getProperty("bench.lowest", Load.LOWEST),
                "-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError");
        try (io.cloudsweep.bot.server.ServedJar served = io.cloudsweep.bot.server.ServedJar.start(dir, java.util.Map.of("SLACK_SIGNING_SECRET", SECRET,
                "SLACK_BOT_TOKEN", "xoxb-bench", "SLACK_API_URL", slack.apiUrl().toString(), "AWS_EC2_METADATA_DISABLED", "true"), true, jvm)) {
            System.out.printf(java.util.Locale.ROOT, "fresh server: serve --demo as a process (%s), serving %.1f s after it was started%n",
                    String.join(" ", jvm), served.age().toMillis() / 1e3);
            Duration wait = Duration.ofSeconds(5).minus(served.age());
            if (!wait.isNegative()) {
                TimeUnit.NANOSECONDS.sleep(wait.toNanos());
            }
            Load.steady(String.format(java.util.Locale.ROOT, "fresh server, from %.1f s after its start", served.age().toMillis() / 1e3), http,
                    requests(served.uri("/slack/events"), findings), RATE, Duration.ofSeconds(10), 200);
            System.out.println("  the server process: " + served.usage());
        }
    }

    /** Waits until the work the requests left behind (queries, Slack posts) is done, so it does not weigh on the next phase. */
    private static void quiet(SlackBot bot) throws InterruptedException {
        if (!bot.runtime().awaitIdle(Duration.ofMinutes(5))) {
            throw new IllegalStateException("the bot's work did not drain in 5 minutes");
        }
    }

    private static HttpRequest signed(URI events, String body) {
        try {
            String timestamp = String.valueOf(Instant.now().getEpochSecond());
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            String signature = "v0=" + HexFormat.of().formatHex(mac.doFinal(("v0:" + timestamp + ":" + body).getBytes(StandardCharsets.UTF_8)));
            return HttpRequest.newBuilder(events).header("Content-Type", "application/x-www-form-urlencoded")
                    .header("X-Slack-Request-Timestamp", timestamp).header("X-Slack-Signature", signature)
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Each request is a person's action of its own, with its own trigger id: none is taken for a redelivery. */
    private static final java.util.concurrent.atomic.AtomicLong TRIGGERS = new java.util.concurrent.atomic.AtomicLong();

    private static String slashCommand(String text) {
        return "team_id=T0ACME&channel_id=C0OPS&user_id=U0ANA&command=%2Fsweep&api_app_id=A0SWEEP&trigger_id=" + TRIGGERS.incrementAndGet() + ".2.3"
                + "&response_url=http%3A%2F%2F127.0.0.1%3A9%2Funused&text=" + URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private static String click(String actionId, String value) {
        String payload = "{\"type\":\"block_actions\",\"api_app_id\":\"A0SWEEP\",\"trigger_id\":\"" + TRIGGERS.incrementAndGet() + ".2.3\",\"team\":{\"id\":\"T0ACME\"},"
                + "\"user\":{\"id\":\"U0ANA\"},\"container\":{\"type\":\"message\",\"message_ts\":\"1764172800.000001\",\"channel_id\":\"C0OPS\"},"
                + "\"channel\":{\"id\":\"C0OPS\"},\"response_url\":\"http://127.0.0.1:9/unused\",\"actions\":[{\"type\":\"button\",\"action_id\":\""
                + actionId + "\",\"block_id\":\"actions\",\"value\":\"" + value + "\",\"action_ts\":\"1\"}]}";
        return "payload=" + URLEncoder.encode(payload, StandardCharsets.UTF_8);
    }
}
