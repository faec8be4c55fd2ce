package io.cloudsweep.bot.jobs;

import io.cloudsweep.bot.server.ServedJar;
import io.cloudsweep.engine.approval.Actor;
import io.cloudsweep.engine.approval.Role;
import io.cloudsweep.engine.chat.ChatCommand;
import io.cloudsweep.engine.chat.ScanQueue;
import io.cloudsweep.engine.store.Organization;
import io.cloudsweep.storage.Database;
import io.cloudsweep.storage.DatabaseSettings;
import io.cloudsweep.storage.Organizations;
import io.cloudsweep.storage.RateLimits;
import io.cloudsweep.storage.ScanRuns;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A scan queued from a chat runs as a Quartz job on one replica; that replica dies mid-scan (its scheduler halted
 * with the job running, as a crash leaves it). Another replica on the same database recovers the job and runs the
 * scan again, told it is a second attempt; while the first was stuck, its accounts were held.
 */
class ScanRecoveryTest {

    private static final JobScheduler.Options FAST = new JobScheduler.Options("AUTO", 2, Duration.ofMillis(500));

    @TempDir
    Path dataDir;
    private Database database;
    private ScanRuns runs;
    private final CountDownLatch midScan = new CountDownLatch(1);
    /** Never counted down: the dead replica's scan thread stays where the crash left it. */
    private final CountDownLatch never = new CountDownLatch(1);
    private final List<String> ran = new CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp() {
        database = Database.open(DatabaseSettings.embedded(dataDir));
        database.migrate();
        runs = new ScanRuns(database, Clock.systemUTC(), Duration.ofMinutes(15));
    }

    @AfterEach
    void tearDown() {
        database.close();
    }

    /** A replica whose scans take the run, report progress, then (dying) stop there or (healthy) finish. */
    private JobScheduler replica(String name, boolean dies) {
        return JobScheduler.start(database, JobScheduler.Runners.cleanups(null).withQueuedScans((scanId, recovering) -> runs.take(scanId).ifPresent(scan -> {
            ran.add(name + " attempt " + scan.attempt() + (recovering ? " recovering" : ""));
            runs.progress(scanId, "3 of 17 regions read, 1 finding so far");
            if (dies) {
                midScan.countDown();
                try {
                    never.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return;
            }
            runs.finished(scanId, "completed");
        })), new JobScheduler.Options(name, 2, FAST.checkinEvery()));
    }

    @Test
    void aScanWhoseReplicaDiesMidScanIsRunAgainByAnother() throws Exception {
        Organization acme = new Organizations(database).ensure(Organization.Platform.SLACK, "T0ACME", "Acme");
        ScanQueue.Order order = new ScanQueue.Order(acme.id(), acme.platform(), "C0OPS", new Actor("U0ANA", Role.ADMIN),
                new ChatCommand.Scan(Optional.empty(), List.of()), "1700000000.000100", false, List.of("210987654321"));
        JobScheduler dying = replica("one", true);
        ScanQueue queue = new QueuedScans(runs, dying, new RateLimits(database), QueuedScans.DEFAULT_LIMIT);
        long id = ((ScanQueue.Claim.Accepted) queue.queue(order)).scan().id();
        assertThat(midScan.await(30, TimeUnit.SECONDS)).as("the first replica began the scan").isTrue();

        assertThat(queue.queue(order)).as("while it runs, its account is held").isInstanceOfSatisfying(ScanQueue.Claim.Busy.class,
                busy -> assertThat(busy.running().progress()).contains("3 of 17 regions read, 1 finding so far"));
        dying.halt();
        JobScheduler recovering = replica("two", false);
        try {
            ServedJar.eventually(() -> runs.state(id).filter(state -> state.status().equals("completed")).orElse(null), Duration.ofSeconds(60),
                    () -> "scan " + id + " is " + runs.state(id) + " after 60 s; ran: " + ran);
            assertThat(ran).containsExactly("one attempt 1", "two attempt 2 recovering");
            assertThat(runs.state(id)).contains(new ScanRuns.State("completed", 2, "completed"));
            assertThat(new QueuedScans(runs, recovering, new RateLimits(database), QueuedScans.DEFAULT_LIMIT).queue(order)).as("its account is free again").isInstanceOf(ScanQueue.Claim.Accepted.class);
        } finally {
            recovering.close();
        }
    }
}
