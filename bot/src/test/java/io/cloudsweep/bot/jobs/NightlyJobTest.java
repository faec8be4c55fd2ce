package io.cloudsweep.bot.jobs;

import io.cloudsweep.storage.Database;
import io.cloudsweep.storage.DatabaseSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The nightly upkeep on two replicas sharing one database: one trigger at 00:30 UTC, and its runs reach the upkeep. */
class NightlyJobTest {

    @TempDir
    Path dataDir;
    private Database database;
    private final List<String> runs = new CopyOnWriteArrayList<>();
    private final CountDownLatch secondRun = new CountDownLatch(2);

    @BeforeEach
    void setUp() {
        database = Database.open(DatabaseSettings.embedded(dataDir));
        database.migrate();
    }

    @AfterEach
    void tearDown() {
        database.close();
    }

    private JobScheduler replica(String name) {
        JobScheduler scheduler = JobScheduler.start(database, JobScheduler.Runners.cleanups(null).withNightly(() -> {
            runs.add(name);
            secondRun.countDown();
        }), new JobScheduler.Options(name, 1, Duration.ofMillis(500)));
        scheduler.startNightly();
        return scheduler;
    }

    @Test
    void bothReplicasShareOneTriggerAt0030UtcAndItsRunsReachTheUpkeep() throws InterruptedException {
        try (JobScheduler one = replica("one"); JobScheduler two = replica("two")) {
            Instant next = one.nextNightly().orElseThrow();
            assertThat(next.atZone(ZoneOffset.UTC).toLocalTime()).isEqualTo(LocalTime.of(0, 30));
            assertThat(next).isBetween(Instant.now(), Instant.now().plus(Duration.ofDays(1)));
            assertThat(two.nextNightly()).hasValue(next);

            one.runNightlyNow();
            two.runNightlyNow();

            assertThat(secondRun.await(30, TimeUnit.SECONDS)).as("two runs asked for, two done: " + runs).isTrue();
            assertThat(runs).hasSize(2).allMatch(name -> name.equals("one") || name.equals("two"));
        }
    }
}
