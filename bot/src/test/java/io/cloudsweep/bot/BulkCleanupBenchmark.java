package io.cloudsweep.bot;

import io.cloudsweep.adapters.aws.AwsOptions;
import io.cloudsweep.adapters.aws.fake.FakeAws;
import io.cloudsweep.bot.jobs.JobScheduler;
import io.cloudsweep.engine.approval.Actor;
import io.cloudsweep.engine.approval.Role;
import io.cloudsweep.engine.chat.Card;
import io.cloudsweep.engine.chat.ChatCommand;
import io.cloudsweep.engine.chat.ChatListener;
import io.cloudsweep.engine.chat.CommandInterpreter;
import io.cloudsweep.engine.chat.Reply;
import io.cloudsweep.engine.config.Settings;
import io.cloudsweep.engine.model.Account;
import io.cloudsweep.engine.model.EbsVolume;
import io.cloudsweep.engine.model.FindingId;
import io.cloudsweep.engine.model.MetricData;
import io.cloudsweep.engine.model.MetricQuery;
import io.cloudsweep.engine.model.Region;
import io.cloudsweep.engine.model.RegionInventory;
import io.cloudsweep.engine.model.Resource;
import io.cloudsweep.engine.model.ResourceRef;
import io.cloudsweep.engine.model.Tags;
import io.cloudsweep.engine.model.VolumeType;
import io.cloudsweep.engine.scan.CloudInventory;
import io.cloudsweep.engine.scan.ScanListener;
import io.cloudsweep.engine.scan.ScanReport;
import io.cloudsweep.engine.scan.ScanRequest;
import io.cloudsweep.engine.store.Organization;
import io.cloudsweep.storage.AwsAccounts;
import io.cloudsweep.storage.Database;
import io.cloudsweep.storage.DatabaseSettings;
import io.cloudsweep.storage.Organizations;
import io.cloudsweep.storage.PostgresFindingStore;
import io.cloudsweep.storage.PostgresPriceCache;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Bulk pacing: 1,000 approved deletions of unattached volumes in one region, each backed up by a snapshot first, run by
 * one server against the loopback AWS enforcing EC2's request-rate buckets (mutating actions 200 burst and 5 a second per
 * action, Describe* 100 and 20). Prints the time from the first approval to the last cleanup's end beside the buckets'
 * minimum for the 1,000 CreateSnapshot and 1,000 DeleteVolume calls (each action's own bucket: (1,000 - 200) / 5 = 160 s),
 * their ratio, RequestLimitExceeded answers, the calls made per action, and the finding cards updated to "cleaned".
 * Prints figures; asserts nothing. Sizes: {@code -Dbench.deletions=1000 -Dbench.workers=24}.
 * {@code mvn -q -Pbench verify -pl engine,storage,adapters/aws,adapters/slack,adapters/teams,bot -DskipTests} (the other
 * benchmarks skipped with their {@code -Dbench.skip…=true}).
 */
public final class BulkCleanupBenchmark {

    private static final int DELETIONS = Integer.getInteger("bench.deletions", 1_000);
    private static final int WORKERS = Integer.getInteger("bench.workers", 24);
    private static final Account ACCOUNT = new Account("777788889999", "bulk");
    private static final Region REGION = Region.of("us-east-1");
    private static final double MUTATING_BURST = 200;
    private static final double MUTATING_PER_SECOND = 5;

    private BulkCleanupBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Clock clock = Clock.systemUTC();
        Path dir = Files.createTempDirectory("cloudsweep-bulk-bench");
        EngineSettings settings = EngineSettings.from(Settings.of(Map.of("cleanup.max-per-account-per-hour", "10000",
                "cleanup.workers", String.valueOf(WORKERS))));
        CloudInventory world = volumes(now);
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        Metrics.addRegistry(meters);
        try (Database database = Database.open(DatabaseSettings.embedded(dir).withCleanupWorkers(WORKERS));
             FakeAws fake = FakeAws.start(world, ACCOUNT, now).rateLimits(true)) {
            database.migrate();
            Organization acme = new Organizations(database).ensure(Organization.Platform.SLACK, "T0BULK", "Bulk");
            new AwsAccounts(database, clock).connect(acme.id(), ACCOUNT.id(), "bulk", Optional.empty(), Optional.empty(), true);
            ScanReport report = settings.scanService(world, clock).scan(ScanRequest.allRegions(List.of(ACCOUNT), "bench"), ScanListener.NONE);
            new PostgresFindingStore(database).save(acme, report);
            List<Long> findings = database.jdbi().withHandle(handle -> handle.createQuery(
                    "SELECT id FROM findings WHERE rule_id = 'ebs-unattached' ORDER BY id").mapTo(Long.class).list());
            System.out.printf("bulk cleanup: %,d findings of ebs-unattached in %s, %d cleanup workers, one server%n", findings.size(),
                    REGION.code(), WORKERS);

            Clouds clouds = new Clouds(AwsOptions.defaults().withEndpoint(fake.endpoint())
                    .withCredentials(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIAFAKEBULKBENCH", "secret"))),
                    Optional.empty(), new AwsAccounts(database, clock), new PostgresPriceCache(database), clock);
            Set<Long> cleaned = ConcurrentHashMap.newKeySet();
            try (clouds; Sweeper sweeper = Sweeper.start(database, settings, clouds, clock,
                    new JobScheduler.Options("bulk", WORKERS, Duration.ofSeconds(7)))) {
                sweeper.addListener(card -> {
                    if (card instanceof Card.FindingCard finding && finding.status().startsWith("cleaned (")) {
                        cleaned.add(finding.findingId().value());
                    }
                });
                CommandInterpreter interpreter = sweeper.interpreter();
                Actor admin = new Actor("U0BULKADMIN", Role.ADMIN);
                Instant first = clock.instant();
                int refused = 0;
                for (long id : findings) {
                    Reply.Outcome outcome = ((Reply.Decided) interpreter.run(new CommandInterpreter.Request(acme, admin,
                            new ChatCommand.Approve(FindingId.of(id)), ChatListener.NONE, mention -> Optional.empty(), "C0BULK")))
                            .outcomes().get(0);
                    refused += outcome.result() == Reply.Result.DONE ? 0 : 1;
                }
                Instant approved = clock.instant();
                System.out.printf("approvals: %,d in %.1f s, %d refused%n", findings.size(),
                        Duration.between(first, approved).toMillis() / 1e3, refused);

                Map<String, Object> ends = waitForEnds(database, findings.size(), first);
                Instant last = ((Timestamp) ends.get("last")).toInstant();
                double seconds = Duration.between(first, last).toMillis() / 1e3;
                double minimum = Math.max(0, DELETIONS - MUTATING_BURST) / MUTATING_PER_SECOND;
                System.out.printf("cleanups: %s done, %s failed, %s aborted%n", ends.get("done"), ends.get("failed"), ends.get("aborted"));
                System.out.printf("total time: %.1f s from the first approval to the last cleanup's end;"
                        + " the buckets' minimum (%,d - %.0f) / %.0f a second = %.1f s; ratio %.3f (target <= 1.05)%n",
                        seconds, DELETIONS, MUTATING_BURST, MUTATING_PER_SECOND, minimum, minimum == 0 ? 0 : seconds / minimum);
                System.out.printf("RequestLimitExceeded answers: %d; job misfires: %.0f%n", fake.throttled(),
                        meters.find("cloudsweep_job_misfires").counters().stream().mapToDouble(counter -> counter.count()).sum());
                System.out.printf("calls: CreateSnapshot %,d, DeleteVolume %,d, DescribeVolumes %,d, DescribeSnapshots %,d,"
                                + " DescribeInstances %,d, DescribeAddresses %,d%n",
                        fake.calls("ec2:CreateSnapshot"), fake.calls("ec2:DeleteVolume"), fake.calls("ec2:DescribeVolumes"),
                        fake.calls("ec2:DescribeSnapshots"), fake.calls("ec2:DescribeInstances"), fake.calls("ec2:DescribeAddresses"));
                // the card follows the end by a moment: wait for the last ones to be shown
                Instant giveUp = clock.instant().plusSeconds(30);
                while (cleaned.size() < ((Number) ends.get("done")).intValue() && clock.instant().isBefore(giveUp)) {
                    Thread.sleep(100);
                }
                System.out.printf("finding cards updated to cleaned: %,d of %,d%n", cleaned.size(), findings.size());
            }
        } catch (Throwable e) {
            e.printStackTrace();
            System.exit(1);
        }
        System.exit(0);
    }

    /** Polls the cleanups until every one has ended (or nothing has moved for five minutes); their counts and last end. */
    private static Map<String, Object> waitForEnds(Database database, int cleanups, Instant since) throws InterruptedException {
        Map<String, Object> ends = Map.of();
        long lastEnded = -1;
        Instant lastMove = Instant.now();
        while (Duration.between(lastMove, Instant.now()).toMinutes() < 5) {
            ends = database.jdbi().withHandle(handle -> handle.createQuery("""
                    SELECT count(*) FILTER (WHERE state = 'done') AS done, count(*) FILTER (WHERE state = 'failed') AS failed,
                           count(*) FILTER (WHERE state = 'aborted') AS aborted,
                           count(*) FILTER (WHERE state IN ('done', 'failed', 'aborted')) AS ended,
                           max(updated_at) FILTER (WHERE state IN ('done', 'failed', 'aborted')) AS last
                    FROM cleanups""").mapToMap().one());
            long ended = ((Number) ends.get("ended")).longValue();
            if (ended != lastEnded) {
                lastEnded = ended;
                lastMove = Instant.now();
                System.out.printf("  %5.0f s: %,d of %,d cleanups ended%n", Duration.between(since, Instant.now()).toMillis() / 1e3, ended,
                        cleanups);
            }
            if (ended >= cleanups) {
                return ends;
            }
            Thread.sleep(5_000);
        }
        return ends;
    }

    /** {@link #DELETIONS} gp3 volumes of 100 GiB, unattached since they were created 40 days ago. */
    private static CloudInventory volumes(Instant now) {
        List<Resource> volumes = new ArrayList<>();
        for (int i = 0; i < DELETIONS; i++) {
            volumes.add(new EbsVolume(ResourceRef.ebsVolume(ACCOUNT, REGION, String.format("vol-%017x", 0xb0000L + i)), Tags.NONE,
                    now.minus(Duration.ofDays(40)), VolumeType.GP3, 100, 3000, 125, EbsVolume.State.AVAILABLE, "us-east-1a", List.of(),
                    Optional.empty()));
        }
        RegionInventory region = new RegionInventory(ACCOUNT, REGION, volumes);
        return new CloudInventory() {
            @Override
            public List<Region> enabledRegions(Account account) {
                return List.of(REGION);
            }

            @Override
            public RegionInventory describe(Account account, Region asked) {
                return asked.equals(REGION) ? region : new RegionInventory(account, asked, List.of());
            }

            @Override
            public MetricData metrics(Account account, Region asked, List<MetricQuery> queries, Instant at) {
                return MetricData.NONE;
            }
        };
    }
}
