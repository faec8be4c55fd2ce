package io.cloudsweep.bot.jobs;

import io.cloudsweep.storage.Database;
import io.cloudsweep.storage.DatabaseSettings;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Work queued behind a busy worker waits, however long, and then runs: it is never taken for a misfire, which Quartz
 * would set aside for its misfire handler while the worker went idle (a thousand approved cleanups stalled on it).
 */
class QueuedWorkTest {

    @TempDir
    Path dataDir;

    private Database database;
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @BeforeEach
    void setUp() {
        database = Database.open(DatabaseSettings.embedded(dataDir));
        database.migrate();
        Metrics.addRegistry(meters);
    }

    @AfterEach
    void tearDown() {
        Metrics.removeRegistry(meters);
        database.close();
    }

    @Test
    void scansQueuedLongPastTheMisfireThresholdRunWithoutAMisfire() throws InterruptedException {
        CountDownLatch firstBegun = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch allRun = new CountDownLatch(5);
        List<Long> ran = new CopyOnWriteArrayList<>();
        JobScheduler.Runners runners = JobScheduler.Runners.cleanups(null).withQueuedScans((scanId, recovering) -> {
            firstBegun.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ran.add(scanId);
            allRun.countDown();
        });
        // one thread in all, and a trigger is late after 200 ms
        JobScheduler.Options options = new JobScheduler.Options("one", 1, Duration.ofMillis(500), 0, Duration.ofMillis(200));
        try (JobScheduler scheduler = JobScheduler.start(database, runners, options)) {
            for (long scan = 1; scan <= 5; scan++) {
                scheduler.submitScan(scan);
            }
            assertThat(firstBegun.await(30, TimeUnit.SECONDS)).isTrue();
            // Time passing, not a wait for something not to happen: the four queued triggers grow five times older than
            // the threshold while Quartz's misfire handler, which looks every 200 ms, would have found them.
            Thread.sleep(1_000);
            release.countDown();

            assertThat(allRun.await(30, TimeUnit.SECONDS)).as("every queued scan ran").isTrue();
        }
        assertThat(ran).containsExactlyInAnyOrder(1L, 2L, 3L, 4L, 5L);
        assertThat(meters.find("cloudsweep_job_misfires").counters()).as("misfires counted").allSatisfy(counter ->
                assertThat(counter.count()).isZero());
    }

    @Test
    void jobsRunBelowTheThreadsThatAcknowledgeRequests() throws InterruptedException {
        CompletableFuture<Integer> priority = new CompletableFuture<>();
        JobScheduler.Runners runners = JobScheduler.Runners.cleanups(null)
                .withQueuedScans((scanId, recovering) -> priority.complete(Thread.currentThread().getPriority()));
        try (JobScheduler scheduler = JobScheduler.start(database, runners, new JobScheduler.Options("one", 1, Duration.ofMillis(500)))) {
            scheduler.submitScan(1);
            assertThat(priority).succeedsWithin(Duration.ofSeconds(30)).isEqualTo(Thread.MIN_PRIORITY);
        }
    }
}
