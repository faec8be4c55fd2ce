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
    private final List<String> woken = new CopyOnWriteArrayList<>();
    private final CountDownLatch wokenOnce = new CountDownLatch(1);
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
        }).withSnoozes((organization, finding) -> {
            woken.add(organization + " F-" + finding + " on " + name);
            wokenOnce.countDown();
        }).withDigests((organization, platform, conversation, scope, zone) -> {
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
    void aSnoozeEndWakesItsFindingOnceOnOneReplicaAndSnoozingAgainMovesIt() throws InterruptedException {
        Organization acme = new Organizations(database).ensure(Organization.Platform.TEAMS, "tenant-snooze", "Acme");
        JobScheduler one = replica("one");
        JobScheduler two = replica("two");
        try {
            one.wakeAt(acme.id(), 41, Instant.now().plus(Duration.ofDays(7)));
            two.wakeAt(acme.id(), 41, Instant.now().plusMillis(1500));
            one.wakeAt(acme.id(), 42, Instant.now().plus(Duration.ofDays(30)));

            assertThat(wokenOnce.await(30, TimeUnit.SECONDS)).as("woken: " + woken).isTrue();
        } finally {
            one.close();
            two.close();
        }
        assertThat(woken).singleElement().satisfies(wake -> assertThat(wake).startsWith(acme.id() + " F-41 on "));
        List<String> left = database.jdbi().withHandle(handle -> handle.createQuery(
                "SELECT trigger_name FROM qrtz_triggers WHERE trigger_group = 'snoozes' ORDER BY trigger_name").mapTo(String.class).list());
        assertThat(left).as("F-41's one trigger fired and is gone; F-42's waits for its day").containsExactly("snooze-42");
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
