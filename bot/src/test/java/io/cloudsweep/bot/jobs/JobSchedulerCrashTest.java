package io.cloudsweep.bot.jobs;

import io.cloudsweep.bot.server.ServedJar;
import io.cloudsweep.bot.EngineSettings;
import io.cloudsweep.engine.approval.Actor;
import io.cloudsweep.engine.approval.ApprovalPolicy;
import io.cloudsweep.engine.decisions.Approvals;
import io.cloudsweep.engine.approval.Role;
import io.cloudsweep.engine.chat.Cards;
import io.cloudsweep.engine.chat.ChatListener;
import io.cloudsweep.engine.cleanup.CleanupActions;
import io.cloudsweep.engine.cleanup.CleanupLimits;
import io.cloudsweep.engine.cleanup.CleanupPlan;
import io.cloudsweep.engine.demo.DemoCleanupActions;
import io.cloudsweep.engine.demo.DemoCloud;
import io.cloudsweep.engine.model.Finding;
import io.cloudsweep.engine.scan.ScanListener;
import io.cloudsweep.engine.scan.ScanRequest;
import io.cloudsweep.engine.decisions.Decisions;
import io.cloudsweep.engine.store.Organization;
import io.cloudsweep.storage.AwsAccounts;
import io.cloudsweep.storage.Database;
import io.cloudsweep.storage.DatabaseSettings;
import io.cloudsweep.storage.Organizations;
import io.cloudsweep.storage.PostgresAuditLog;
import io.cloudsweep.storage.PostgresCleanupStore;
import io.cloudsweep.storage.PostgresDecisions;
import io.cloudsweep.storage.PostgresFindingStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A replica dies between the backup and the delete: its scheduler stops and its database session (with the
 * cleanup's hold) is killed, as a crash would. Another replica on the same database recovers the job from
 * Quartz's clustered store and finishes the cleanup: one backup, one delete, a complete audit.
 */
class JobSchedulerCrashTest {

    private static final String VOLUME = "vol-0e41b7c2d9a3f0101";
    private static final JobScheduler.Options FAST = new JobScheduler.Options("AUTO", 2, Duration.ofMillis(500));

    @TempDir
    Path dataDir;

    private final Clock clock = Clock.systemUTC();
    private final EngineSettings settings = EngineSettings.load(null);
    private final DemoCloud cloud = DemoCloud.at(clock.instant());
    private final CountDownLatch deleting = new CountDownLatch(1);
    /** Never counted down: the dead replica's worker thread (a daemon) stays where the crash left it. */
    private final CountDownLatch never = new CountDownLatch(1);
    private Database database;
    private Organization console;
    private PostgresCleanupStore store;

    /** The demo's actions, counting deletes; the first replica's stop forever right before their delete. */
    private final class Replica implements CleanupActions {
        final DemoCleanupActions demo = new DemoCleanupActions(cloud, clock);
        final boolean diesBeforeDeleting;
        final AtomicInteger deletes = new AtomicInteger();

        Replica(boolean diesBeforeDeleting) {
            this.diesBeforeDeleting = diesBeforeDeleting;
        }

        @Override
        public String backUp(Finding finding, String label, CleanupPlan plan, Consumer<String> progress) {
            return demo.backUp(finding, label, plan, progress);
        }

        @Override
        public String act(Finding finding, CleanupPlan plan, String backupId) {
            if (diesBeforeDeleting) {
                deleting.countDown();
                awaitForever();
            }
            deletes.incrementAndGet();
            return demo.act(finding, plan, backupId);
        }

        @Override
        public String undo(Finding finding, CleanupPlan plan, String backupId) {
            return demo.undo(finding, plan, backupId);
        }

        private void awaitForever() {
            try {
                never.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("this replica is dead");
        }

        JobScheduler start() {
            CleanupWorker worker = new CleanupWorker(settings.cleanupService(store, cloud, this, clock), store, new PostgresDecisions(database),
                    new Cards(Duration.ofDays(7)), clock, ChatListener.NONE);
            return JobScheduler.start(database, worker, FAST);
        }
    }

    @BeforeEach
    void setUp() {
        database = Database.open(DatabaseSettings.embedded(dataDir));
        database.migrate();
        console = new Organizations(database).console();
        new AwsAccounts(database).connect(console.id(), DemoCloud.ACCOUNT.id(), "demo", Optional.empty(), Optional.empty(), true);
        new PostgresFindingStore(database).save(console, settings.scanService(cloud, clock)
                .scan(ScanRequest.allRegions(List.of(DemoCloud.ACCOUNT), "test"), ScanListener.NONE));
        store = new PostgresCleanupStore(database, clock);
    }

    @AfterEach
    void tearDown() {
        database.close();
    }

    @Test
    void aCleanupInterruptedBetweenBackupAndDeleteIsFinishedByAnotherReplicaWithOneDelete() throws Exception {
        Replica first = new Replica(true);
        JobScheduler dying = first.start();
        long cleanupId = approveVolume();
        dying.submit(cleanupId);

        assertThat(deleting.await(30, TimeUnit.SECONDS)).as("the first replica reached the delete").isTrue();
        assertThat(state(cleanupId)).isEqualTo("executing");
        dying.halt();
        int killed = database.jdbi().withHandle(handle -> handle.createQuery("""
                SELECT count(pg_terminate_backend(pid)) FROM pg_locks WHERE locktype = 'advisory' AND objid = :id AND objsubid = 2""")
                .bind("id", cleanupId).mapTo(Integer.class).one());
        assertThat(killed).as("the dead replica's session").isEqualTo(1);

        Replica second = new Replica(false);
        JobScheduler recovering = second.start();
        try {
            recovering.resume(store.unfinished());
            awaitDone(cleanupId, 60);
        } finally {
            recovering.close();
        }

        assertThat(state(cleanupId)).isEqualTo("done");
        assertThat(first.deletes).hasValue(0);
        assertThat(second.deletes).hasValue(1);
        assertThat(cloud.find(store.find(cleanupId).orElseThrow().finding().resource())).isEmpty();
        assertThat(cloud.allResources()).filteredOn(r -> r.tags().get(DemoCleanupActions.BACKUP_TAG).equals(Optional.of(VOLUME))).hasSize(1);
        List<String> audited = database.jdbi().withHandle(handle -> handle.createQuery(
                "SELECT action FROM audit_log WHERE subject = :subject ORDER BY id").bind("subject", "cleanup/" + cleanupId).mapTo(String.class).list());
        assertThat(audited).containsExactly("cleanup.validating", "cleanup.backing_up", "cleanup.executing", "cleanup.verifying", "cleanup.done");
        String verifying = database.jdbi().withHandle(handle -> handle.createQuery(
                "SELECT step_log -> -2 ->> 'detail' FROM cleanups WHERE id = :id").bind("id", cleanupId).mapTo(String.class).one());
        assertThat(verifying).startsWith("demo: delete_volume");
        assertThat(new PostgresAuditLog(database).verify()).isEmpty();
    }

    @Test
    void aCleanupBegunButNeverQueuedBeforeACrashIsQueuedAtStartAndFinished() throws Exception {
        long cleanupId = approveVolume();
        Replica replica = new Replica(false);
        JobScheduler starting = replica.start();
        try {
            starting.resume(store.unfinished());
            starting.resume(store.unfinished());
            awaitDone(cleanupId, 30);
        } finally {
            starting.close();
        }

        assertThat(state(cleanupId)).isEqualTo("done");
        assertThat(replica.deletes).hasValue(1);
        assertThat(new PostgresAuditLog(database).verify()).isEmpty();
    }

    private long approveVolume() {
        long findingId = database.jdbi().withHandle(handle -> handle.createQuery("SELECT id FROM findings WHERE resource_id = :id")
                .bind("id", VOLUME).mapTo(Long.class).one());
        Decisions.Approval approval = new PostgresDecisions(database).approve(console.id(), findingId, new Actor("U-ana", Role.ADMIN),
                new Approvals(new ApprovalPolicy(), CleanupLimits.defaults()), clock.instant()).orElseThrow();
        return ((Decisions.Approval.Started) approval).cleanupId();
    }

    private void awaitDone(long cleanupId, int seconds) throws InterruptedException {
        ServedJar.eventually(() -> state(cleanupId).equals("done") ? true : null, Duration.ofSeconds(seconds),
                () -> "cleanup C-" + cleanupId + " is " + state(cleanupId) + " after " + seconds + " s, not done");
    }

    private String state(long cleanupId) {
        return database.jdbi().withHandle(handle -> handle.createQuery("SELECT state FROM cleanups WHERE id = :id")
                .bind("id", cleanupId).mapTo(String.class).one());
    }
}
