package io.cloudsweep.bot;

import io.cloudsweep.adapters.aws.AwsOptions;
import io.cloudsweep.adapters.aws.fake.FakeAws;
import io.cloudsweep.bot.jobs.JobScheduler;
import io.cloudsweep.bot.server.ServedJar;
import io.cloudsweep.engine.approval.Actor;
import io.cloudsweep.engine.approval.Role;
import io.cloudsweep.engine.chat.ChatCommand;
import io.cloudsweep.engine.chat.ChatListener;
import io.cloudsweep.engine.chat.CommandInterpreter;
import io.cloudsweep.engine.chat.Reply;
import io.cloudsweep.engine.demo.DemoCloud;
import io.cloudsweep.engine.model.FindingId;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fifty admins approving one finding at the same moment, half through each of two replicas on one database, against a
 * loopback AWS: one cleanup, one backup and one deletion in AWS, one approval in the audit.
 */
class ConcurrentApprovalsTest {

    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private static final String VOLUME = "vol-0e41b7c2d9a3f0101";

    @TempDir
    Path dataDir;

    private static Sweeper replica(String name, Database database, FakeAws fake, Clock clock) {
        Clouds clouds = new Clouds(AwsOptions.defaults().withEndpoint(fake.endpoint())
                .withCredentials(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIAFAKECONCURRENT", "secret"))),
                Optional.empty(), new AwsAccounts(database, clock), new PostgresPriceCache(database), clock);
        return Sweeper.start(database, EngineSettings.load(null), clouds, clock, new JobScheduler.Options(name, 2, Duration.ofSeconds(7)));
    }

    @Test
    void fiftyApprovalsThroughTwoReplicasDeleteTheVolumeOnce() throws Exception {
        Clock clock = Clock.systemUTC();
        try (Database database = Database.open(DatabaseSettings.embedded(dataDir)); FakeAws fake = FakeAws.start(DemoCloud.at(NOW), DemoCloud.ACCOUNT, NOW)) {
            database.migrate();
            Organization acme = new Organizations(database).ensure(Organization.Platform.SLACK, "T0ACME", "Acme");
            new AwsAccounts(database, clock).connect(acme.id(), DemoCloud.ACCOUNT.id(), "prod", Optional.empty(), Optional.empty(), true);
            ScanReport report = EngineSettings.load(null).scanService(DemoCloud.at(NOW), clock)
                    .scan(ScanRequest.allRegions(List.of(DemoCloud.ACCOUNT), "test"), ScanListener.NONE);
            new PostgresFindingStore(database).save(acme, report);
            long findingId = database.jdbi().withHandle(handle -> handle.createQuery(
                    "SELECT id FROM findings WHERE resource_id = :volume AND rule_id = 'ebs-unattached'").bind("volume", VOLUME)
                    .mapTo(Long.class).one());

            try (Sweeper a = replica("replica-a", database, fake, clock); Sweeper b = replica("replica-b", database, fake, clock)) {
                ExecutorService threads = Executors.newFixedThreadPool(16);
                CountDownLatch ready = new CountDownLatch(1);
                List<Future<Reply>> replies = new ArrayList<>();
                for (int i = 0; i < 50; i++) {
                    CommandInterpreter interpreter = (i % 2 == 0 ? a : b).interpreter();
                    Actor admin = new Actor("U0ADMIN" + i, Role.ADMIN);
                    replies.add(threads.submit(() -> {
                        ready.await();
                        return interpreter.run(new CommandInterpreter.Request(acme, admin, new ChatCommand.Approve(FindingId.of(findingId)),
                                ChatListener.NONE, mention -> Optional.empty(), "C0OPS"));
                    }));
                }
                ready.countDown();
                int begun = 0;
                for (Future<Reply> reply : replies) {
                    Reply.Outcome outcome = ((Reply.Decided) reply.get()).outcomes().get(0);
                    assertThat(outcome.result()).as(outcome.message()).isIn(Reply.Result.DONE, Reply.Result.ALREADY);
                    begun += outcome.result() == Reply.Result.DONE ? 1 : 0;
                }
                threads.shutdown();
                assertThat(begun).as("approvals that began a cleanup").isEqualTo(1);

                String ended = ServedJar.eventually(() -> database.jdbi().withHandle(handle -> handle.createQuery(
                        "SELECT state FROM cleanups WHERE finding_id = :finding AND state IN ('done', 'failed', 'aborted')")
                        .bind("finding", findingId).mapTo(String.class).findOne().orElse(null)), Duration.ofSeconds(60),
                        () -> "the cleanup did not end");
                assertThat(ended).isEqualTo("done");
            }
            assertThat(fake.calls("ec2:CreateSnapshot")).as("one backup").isEqualTo(1);
            assertThat(fake.calls("ec2:DeleteVolume")).as("one deletion").isEqualTo(1);
            int approvals = database.jdbi().withHandle(handle -> handle.createQuery(
                    "SELECT count(*) FROM audit_log WHERE action = 'finding.approved' AND subject = :subject")
                    .bind("subject", "finding/" + findingId).mapTo(Integer.class).one());
            int cleanups = database.jdbi().withHandle(handle -> handle.createQuery("SELECT count(*) FROM cleanups WHERE finding_id = :finding")
                    .bind("finding", findingId).mapTo(Integer.class).one());
            assertThat(approvals).isEqualTo(1);
            assertThat(cleanups).isEqualTo(1);
        }
    }
}
