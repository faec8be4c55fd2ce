package io.cloudsweep.bot.jobs;

import io.cloudsweep.engine.chat.DigestSchedules;
import io.cloudsweep.engine.chat.ScanSchedule;
import io.cloudsweep.engine.report.Digest;
import io.cloudsweep.engine.store.Organization;
import io.cloudsweep.storage.Database;
import io.cloudsweep.storage.DatabaseSettings;
import io.cloudsweep.storage.Organizations;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A scan schedule in Quartz's clustered job store, with two replicas on one database: each fire time runs once, on one
 * of them, with where to post; the schedule is seen by both and removed by either.
 */
class ScanScheduleClusterTest {

    private static final JobScheduler.Options FAST = new JobScheduler.Options("AUTO", 2, Duration.ofMillis(500));

    @TempDir
    Path dataDir;
    private Database database;
    private final List<String> runs = new CopyOnWriteArrayList<>();
    private final CountDownLatch fourRuns = new CountDownLatch(4);
    private final List<String> sweeps = new CopyOnWriteArrayList<>();
    private final CountDownLatch threeSweeps = new CountDownLatch(3);
    private final List<String> digests = new CopyOnWriteArrayList<>();
    private final CountDownLatch fourDigests = new CountDownLatch(4);

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
        return JobScheduler.start(database, JobScheduler.Runners.cleanups(null).withScheduledScans((organization, platform, conversation) -> {
            // the second a run began stands for its fire time: every two seconds, one run each
            runs.add(Instant.now().getEpochSecond() / 2 + " " + name + " " + organization + " " + platform.id() + " " + conversation);
            fourRuns.countDown();
        }).withSnoozes(() -> {
            sweeps.add(name);
            threeSweeps.countDown();
        }).withDeliveries(() -> { }).withReminders(() -> { }).withDigests((organization, platform, conversation, scope, zone) -> {
            digests.add(Instant.now().getEpochSecond() / 2 + " " + scope.id() + " " + name + " " + organization + " " + platform.id() + " "
                    + conversation + " " + zone);
            if (scope == Digest.Scope.WEEK) {
                fourDigests.countDown();
            }
        }), new JobScheduler.Options(name, 2, FAST.checkinEvery()));
    }

    @Test
    void eachFireTimeRunsOnceAcrossTwoReplicas() throws InterruptedException {
        Organization acme = new Organizations(database).ensure(Organization.Platform.SLACK, "T0ACME", "Acme");
        JobScheduler one = replica("one");
        JobScheduler two = replica("two");
        try {
            assertThat(one.schedule(acme, "C0OPS", ScanSchedule.parse(List.of("0/2", "*", "*", "*", "*", "?", "Europe/Berlin")), "U0ANA"))
                    .isEmpty();

            assertThat(two.scheduled(acme.id())).hasValueSatisfying(scheduled -> {
                assertThat(scheduled.conversation()).isEqualTo("C0OPS");
                assertThat(scheduled.zone()).isEqualTo("Europe/Berlin");
                assertThat(scheduled.setBy()).isEqualTo("U0ANA");
                assertThat(scheduled.next()).isPresent();
            });
            assertThat(fourRuns.await(30, TimeUnit.SECONDS)).as("runs: " + runs).isTrue();
            assertThat(two.off(acme.id(), "U0ANA")).isTrue();
            assertThat(one.scheduled(acme.id())).as("removed by the other replica").isEmpty();
        } finally {
            one.close();
            two.close();
        }
        List<String> fireTimes = runs.stream().map(run -> run.substring(0, run.indexOf(' '))).toList();
        assertThat(fireTimes).as("runs: " + runs).doesNotHaveDuplicates();
        assertThat(runs).allMatch(run -> run.endsWith(" " + acme.id() + " slack C0OPS"));
    }

    @Test
    void theSnoozeSweepRunsOverAndOverOnWhicheverReplicaTakesItWithOneTriggerInTheCluster() throws InterruptedException {
        JobScheduler one = replica("one");
        JobScheduler two = replica("two");
        try {
            one.startPeriodic(Duration.ofHours(1), Duration.ofHours(1), Duration.ofMillis(200));
            two.startPeriodic(Duration.ofHours(1), Duration.ofHours(1), Duration.ofMillis(200));

            assertThat(threeSweeps.await(30, TimeUnit.SECONDS)).as("sweeps: " + sweeps).isTrue();
        } finally {
            one.close();
            two.close();
        }
        List<String> triggers = database.jdbi().withHandle(handle -> handle.createQuery(
                "SELECT trigger_name FROM qrtz_triggers WHERE trigger_group = 'periodic' ORDER BY trigger_name").mapTo(String.class).list());
        assertThat(triggers).containsExactly(PeriodicJob.DELIVERIES, PeriodicJob.REMINDERS, PeriodicJob.SNOOZES);
    }

    @Test
    void aSnoozeTriggerStoredByAnEarlierVersionRunsTheSweepOnceAndIsGone() throws Exception {
        JobScheduler one = replica("one");
        try {
            // what versions before the sweep stored for each snoozed finding, its snooze ending now
            org.quartz.JobDetail job = org.quartz.JobBuilder.newJob(SnoozeJob.class).withIdentity("snooze-41", JobScheduler.SNOOZE_GROUP)
                    .usingJobData(JobScheduler.ORGANIZATION, "7").usingJobData(JobScheduler.FINDING, "41").requestRecovery(true).build();
            one.quartz().scheduleJob(job, org.quartz.TriggerBuilder.newTrigger().withIdentity("snooze-41", JobScheduler.SNOOZE_GROUP)
                    .forJob(job).startNow().build());

            io.cloudsweep.bot.server.ServedJar.eventually(() -> !sweeps.isEmpty() && database.jdbi().withHandle(handle -> handle.createQuery(
                    "SELECT count(*) FROM qrtz_triggers WHERE trigger_group = 'snoozes'").mapTo(Integer.class).one()) == 0 ? true : null,
                    Duration.ofSeconds(30), () -> "sweeps: " + sweeps);
        } finally {
            one.close();
        }
        assertThat(sweeps).containsExactly("one");
    }

    @Test
    void eachDigestFireTimeRunsOnceAcrossTwoReplicasAndEachConversationHasItsOwn() throws InterruptedException {
        Organization acme = new Organizations(database).ensure(Organization.Platform.TEAMS, "tenant-digest", "Acme");
        JobScheduler one = replica("one");
        JobScheduler two = replica("two");
        String channel = "19:ops@thread.tacv2";
        try {
            // every two seconds stands for "weekly mon 09:00": the same job and triggers, fired sooner
            ScanSchedule often = ScanSchedule.parse(List.of("0/2", "*", "*", "*", "*", "?", "Europe/London"));
            assertThat(one.digests().schedule(acme, channel, often, "ana")).isEmpty();
            assertThat(two.digests().schedule(acme, "19:finance@thread.tacv2", ScanSchedule.parse(List.of("weekly", "mon", "09:00",
                    "Europe/London")), "bo")).isEmpty();
            assertThat(two.digests().scheduled(acme.id())).extracting(DigestSchedules.Scheduled::conversation)
                    .containsExactly("19:finance@thread.tacv2", channel);
            assertThat(two.digests().scheduled(acme.id()).get(0).nextReport()).as("the report: the 1st of next month, 09:00 London")
                    .hasValueSatisfying(next -> assertThat(next.atZone(java.time.ZoneId.of("Europe/London")).getDayOfMonth()).isEqualTo(1));

            assertThat(fourDigests.await(30, TimeUnit.SECONDS)).as("digests: " + digests).isTrue();
            assertThat(one.digests().off(acme.id(), channel)).isTrue();
            assertThat(one.digests().off(acme.id(), channel)).as("off twice").isFalse();
        } finally {
            one.close();
            two.close();
        }
        List<String> fireTimes = digests.stream().map(digest -> digest.split(" ")[0] + " " + digest.split(" ")[1]).toList();
        assertThat(fireTimes).as("each fire time once, on one replica: " + digests).doesNotHaveDuplicates();
        assertThat(digests).allMatch(digest -> digest.endsWith(" " + acme.id() + " teams " + channel + " Europe/London"));
    }

    @Test
    void anExpressionQuartzRefusesIsSaidAndNothingIsScheduled() {
        Organization acme = new Organizations(database).ensure(Organization.Platform.SLACK, "T0BAD", "Bad");
        JobScheduler one = replica("solo");
        try {
            Optional<String> refused = one.schedule(acme, "C0OPS", ScanSchedule.parse(List.of("0", "0", "6", "*", "*", "*")), "U0ANA");
            assertThat(refused).hasValueSatisfying(why -> assertThat(why).contains("is not a valid Quartz cron expression"));
            assertThat(one.scheduled(acme.id())).isEmpty();
        } finally {
            one.close();
        }
    }
}
