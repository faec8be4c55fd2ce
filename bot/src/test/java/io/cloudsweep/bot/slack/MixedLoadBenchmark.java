package io.cloudsweep.bot.slack;

import io.cloudsweep.adapters.aws.AwsOptions;
import io.cloudsweep.adapters.slack.SlackBot;
import io.cloudsweep.adapters.slack.SlackSettings;
import io.cloudsweep.bot.Clouds;
import io.cloudsweep.bot.EngineSettings;
import io.cloudsweep.bot.FakeAwsProcess;
import io.cloudsweep.bot.SlackSetup;
import io.cloudsweep.bot.Sweeper;
import io.cloudsweep.bot.jobs.JobScheduler;
import io.cloudsweep.bot.server.BotServer;
import io.cloudsweep.bot.server.Load;
import io.cloudsweep.bot.server.SlackRoute;
import io.cloudsweep.engine.approval.Role;
import io.cloudsweep.engine.store.Organization;
import io.cloudsweep.storage.AwsAccounts;
import io.cloudsweep.storage.Database;
import io.cloudsweep.storage.DatabaseSettings;
import io.cloudsweep.storage.PostgresPriceCache;
import io.cloudsweep.storage.SecretBox;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntFunction;
import java.util.stream.Collectors;

/**
 * A mixed load on the Slack route of a running server: 500 signed requests a second for 60 s of slash commands
 * ({@code help}, {@code findings}) and Snooze clicks on the findings of a connected AWS account, while that account is
 * scanned (9,996 resources in 17 regions on the loopback AWS, in its own process, 20 ms a call, AWS's rate buckets on):
 * a {@code scan} is typed every 15 s among the other requests. Every command, click and scan has a channel of its own,
 * so its answer can be found afterwards: each must have been answered there (a message, an update or an ephemeral
 * message), and each scan must have ended with its summary or the reason it did not run. Prints the acknowledgements'
 * latency and throughput, what was answered and what was not, each scan's time, and the server's RSS and heap; asserts
 * nothing. {@code -Dbench.seconds=60 -Dbench.mixedRate=500}.
 * {@code mvn -q -Pbench verify -pl engine,storage,adapters/aws,adapters/slack,adapters/teams,bot -DskipTests}
 */
public final class MixedLoadBenchmark {

    private static final String SECRET = "bench-signing-secret";
    private static final String TEAM = "T0ACME";
    private static final String USER = "U0ANA";
    private static final String ACCOUNT = "300000000001";
    private static final int RATE = Integer.getInteger("bench.mixedRate", 500);
    private static final Duration STEADY = Duration.ofSeconds(Integer.getInteger("bench.seconds", 60));
    /** One request in this many is a scan: every 15 s at the rate. */
    private static final int SCAN_EVERY = 15 * RATE;
    private static final int RESOURCES = 9_996;
    private static final Duration LONGEST_DRAIN = Duration.ofMinutes(10);
    /**
     * The loopback AWS's priority. In production AWS answers from its own machines; here it shares the server's two
     * cores, and at the same priority its CPU (a scan's worth of answers) is taken from the acknowledgements.
     * {@code -Dbench.fakeAwsNice=0} measures that.
     */
    private static final int FAKE_AWS_NICE = Integer.getInteger("bench.fakeAwsNice", 10);
    private static final Set<String> ANSWERS = Set.of("chat.postMessage", "chat.update", "chat.postEphemeral");

    private MixedLoadBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        FakeAwsProcess.main("-Xmx1g", FAKE_AWS_NICE, List.of(String.valueOf(RESOURCES), "20", String.valueOf(Instant.now().getEpochSecond()), "17", "mirror"),
                (aws, resources) -> run(aws));
    }

    private static void run(URI aws) throws Exception {
        Clock clock = Clock.systemUTC();
        Path dir = Files.createTempDirectory("cloudsweep-mixed-bench");
        try (FakeSlack slack = new FakeSlack(); Database database = Database.open(DatabaseSettings.embedded(dir))) {
            database.migrate();
            AwsAccounts accounts = new AwsAccounts(database, clock);
            Clouds clouds = new Clouds(AwsOptions.defaults().withEndpoint(aws)
                    .withCredentials(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIAFAKEMIXEDBENCH", "secret"))),
                    Optional.empty(), accounts, new PostgresPriceCache(database), clock);
            Sweeper sweeper = Sweeper.start(database, EngineSettings.load(null), clouds, clock, JobScheduler.Options.defaults());
            Organization acme = sweeper.organization(Organization.Platform.SLACK, TEAM);
            accounts.connect(acme.id(), ACCOUNT, "mixed", Optional.of("arn:aws:iam::" + ACCOUNT + ":role/CloudSweep"), Optional.of("cs-mixed"), false);
            SlackBot bot = SlackSetup.start(new SlackSettings(SECRET, new SlackSettings.One("xoxb-bench"), slack.apiUrl().toString(), Duration.ZERO),
                    sweeper, database, SecretBox.fromBase64(SecretBox.newKey()), (organization, user, platformAdmin) -> Role.ADMIN, clock);
            BotServer server = BotServer.start("127.0.0.1", 0, database, List.of(BotServer.Route.post("/slack/events", new SlackRoute(bot))));
            URI events = URI.create("http://127.0.0.1:" + server.port() + "/slack/events");
            System.out.println("compilers: " + io.cloudsweep.adapters.aws.bench.ScanBenchmark.compilers());
            System.out.println("thread priorities: " + Load.priorities());
            System.out.println("the loopback AWS: a process of its own at nice " + FAKE_AWS_NICE
                    + (FAKE_AWS_NICE > 0 ? ", below the server, as if its CPU were AWS's own" : ", beside the server"));
            HttpClient http = Load.client();

            Mix warmUp = new Mix("W", events, List.of());
            http.send(warmUp.apply(0), java.net.http.HttpResponse.BodyHandlers.discarding());
            List<Scan> first = warmUp.scansEnded(slack, LONGEST_DRAIN);
            if (first.isEmpty()) {
                throw new IllegalStateException("the warm-up scan had not ended after " + LONGEST_DRAIN.toMinutes() + " minutes");
            }
            System.out.printf(Locale.ROOT, "warm-up scan of %,d resources, alone: %s%n", RESOURCES, first.get(0));
            List<Long> findings = sweeper.findings().open(acme.id(), Optional.empty(), BigDecimal.ZERO).stream()
                    .map(finding -> finding.id()).limit(1_000).toList();
            Mix warm = new Mix("V", events, findings);
            Load.steady("warm-up, the mix without scans", http, i -> warm.apply(i + 1), RATE, Duration.ofSeconds(10), 200);
            quiet(bot);

            Mix mix = new Mix("M", events, findings);
            Load.Figures figures = Load.steady("mixed: commands, clicks, a scan every 15 s", http, mix, RATE, STEADY, 200);
            long loadEnded = System.nanoTime();
            System.out.println("server JVM after the mixed load: " + Load.memory());
            List<Scan> scans = mix.scansEnded(slack, LONGEST_DRAIN);
            boolean drained = bot.runtime().awaitIdle(LONGEST_DRAIN);
            System.out.printf(Locale.ROOT, "%s %.1f s after the load ended%n", drained ? "all the work the load left was done"
                    : "the work the load left was still not done", (System.nanoTime() - loadEnded) / 1e9);
            mix.report(slack, figures, scans);

            server.close();
            bot.close();
            sweeper.close();
            clouds.close();
        }
    }

    /** Waits until the work the requests left behind (queries, Slack posts) is done. */
    private static void quiet(SlackBot bot) throws InterruptedException {
        if (!bot.runtime().awaitIdle(LONGEST_DRAIN)) {
            throw new IllegalStateException("the bot's work did not drain in " + LONGEST_DRAIN.toMinutes() + " minutes");
        }
    }

    /** A scan typed in its channel: when it was sent, and what its message said last and when. */
    private record Scan(String channel, long sent, String outcome, long ended) {
        boolean completed() {
            return outcome.contains(" seen again");
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%s %.1f s after it was typed", completed() ? "summary posted" : "ended \"" + outcome + "\"",
                    (ended - sent) / 1e9);
        }
    }

    /**
     * The requests of one phase, each in a channel of its own named after the phase, its kind and its number: of every
     * ten, four {@code help}, three {@code findings} and three Snooze clicks; every {@link #SCAN_EVERY}th a {@code scan}.
     */
    private static final class Mix implements IntFunction<HttpRequest> {
        private final String phase;
        private final URI events;
        private final List<Long> findings;
        /** Channels where an answer is due (findings, clicks), and the scans' channels with when each was sent. */
        private final Set<String> due = ConcurrentHashMap.newKeySet();
        private final Map<String, Long> scans = new ConcurrentHashMap<>();
        private int helps;

        Mix(String phase, URI events, List<Long> findings) {
            this.phase = phase;
            this.events = events;
            this.findings = findings;
        }

        @Override
        public HttpRequest apply(int i) {
            String body;
            if (i % SCAN_EVERY == 0) {
                String channel = "C" + phase + "S" + i;
                scans.put(channel, System.nanoTime());
                body = SlackWire.slashCommandIn(TEAM, channel, USER, "scan", "http://127.0.0.1:9/unused");
            } else if (i % 10 < 4) {
                helps++;
                body = SlackWire.slashCommandIn(TEAM, "C" + phase + "H" + i, USER, "help", "http://127.0.0.1:9/unused");
            } else if (i % 10 < 7) {
                String channel = "C" + phase + "F" + i;
                due.add(channel);
                body = SlackWire.slashCommandIn(TEAM, channel, USER, "findings --min 100000", "http://127.0.0.1:9/unused");
            } else {
                String channel = "C" + phase + "K" + i;
                due.add(channel);
                try {
                    // the message clicked on is the phase's own: a card already showing its snooze is rightly not updated again
                    body = SlackWire.clickIn(TEAM, channel, USER, (1764172800L + phase.charAt(0)) + "." + String.format("%06d", i), "snooze-7d",
                            "snooze F-" + findings.get(i % findings.size()) + " 7d");
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
            return SlackWire.signed(events, body, Instant.now(), SECRET, "application/x-www-form-urlencoded", Map.of());
        }

        /** The scans of this phase whose message says how they ended (a summary, or why not run), once all have or {@code longest} passed. */
        List<Scan> scansEnded(FakeSlack slack, Duration longest) throws InterruptedException {
            long deadline = System.nanoTime() + longest.toNanos();
            List<Scan> ended = new ArrayList<>();
            for (Map.Entry<String, Long> scan : scans.entrySet()) {
                Optional<FakeSlack.Call> message = slack.awaitCall("chat.postMessage", call -> call.field("channel").equals(scan.getKey()),
                        left(deadline));
                if (message.isEmpty()) {
                    continue;
                }
                slack.awaitCall("chat.update", call -> call.field("ts").equals(message.get().ts())
                                && (call.field("text").contains(" seen again") || call.field("text").startsWith("Scan not started")), left(deadline))
                        .ifPresent(last -> ended.add(new Scan(scan.getKey(), scan.getValue(), last.field("text"), last.at())));
            }
            return ended;
        }

        private static Duration left(long deadline) {
            return Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
        }

        void report(FakeSlack slack, Load.Figures figures, List<Scan> ended) {
            Set<String> answered = slack.calls().stream().filter(call -> ANSWERS.contains(call.method()))
                    .map(call -> call.field("channel")).collect(Collectors.toSet());
            List<String> unanswered = due.stream().filter(channel -> !answered.contains(channel)).sorted().toList();
            long findingsAsked = due.stream().filter(channel -> channel.startsWith("C" + phase + "F")).count();
            long clicks = due.size() - findingsAsked;
            System.out.printf(Locale.ROOT, "answered: %,d help (in the acknowledgement; %d requests failed), %,d of %,d findings commands,"
                            + " %,d of %,d clicks; %d not answered%s%n", helps, figures.failed(),
                    findingsAsked - unanswered.stream().filter(channel -> channel.startsWith("C" + phase + "F")).count(), findingsAsked,
                    clicks - unanswered.stream().filter(channel -> channel.startsWith("C" + phase + "K")).count(), clicks, unanswered.size(),
                    unanswered.isEmpty() ? "" : ", the first: " + unanswered.subList(0, Math.min(5, unanswered.size())));
            ended.stream().sorted(java.util.Comparator.comparingLong(Scan::sent))
                    .forEach(scan -> System.out.println("  scan typed at " + String.format(Locale.ROOT, "%.0f s", (scan.sent() - ended.stream()
                            .mapToLong(Scan::sent).min().orElse(0)) / 1e9) + " into the load: " + scan));
            System.out.printf("scans: %d typed, %d ended, %d of them with their summary%n", scans.size(), ended.size(),
                    ended.stream().filter(Scan::completed).count());
        }
    }
}
