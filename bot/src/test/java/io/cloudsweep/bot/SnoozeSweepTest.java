package io.cloudsweep.bot;

import io.cloudsweep.engine.approval.Actor;
import io.cloudsweep.engine.approval.Role;
import io.cloudsweep.engine.demo.DemoCloud;
import io.cloudsweep.engine.scan.ScanListener;
import io.cloudsweep.engine.scan.ScanRequest;
import io.cloudsweep.engine.store.Organization;
import io.cloudsweep.storage.Database;
import io.cloudsweep.storage.DatabaseSettings;
import io.cloudsweep.storage.Organizations;
import io.cloudsweep.storage.PostgresCardLocations;
import io.cloudsweep.storage.PostgresDecisions;
import io.cloudsweep.storage.PostgresFindingStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sweep of ended snoozes on a real PostgreSQL: each finding whose snooze has ended is opened once and its card posted
 * once where it was, though two replicas sweep at the same moment; one whose card cannot be posted is opened without it,
 * and the rest go on.
 */
class SnoozeSweepTest {

    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private static final Actor MEMBER = new Actor("U0CY", Role.MEMBER);

    @TempDir
    Path dataDir;
    private Database database;
    private Organization acme;
    private PostgresDecisions decisions;
    private PostgresCardLocations locations;
    private List<Long> findings;
    private final Clock clock = Clock.systemUTC();
    private final List<String> posted = new CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp() {
        database = Database.open(DatabaseSettings.embedded(dataDir));
        database.migrate();
        acme = new Organizations(database).ensure(Organization.Platform.SLACK, "T0ACME", "Acme");
        new PostgresFindingStore(database).save(acme, EngineSettings.load(null).scanService(DemoCloud.at(NOW), clock)
                .scan(ScanRequest.allRegions(List.of(DemoCloud.ACCOUNT), "test"), ScanListener.NONE));
        decisions = new PostgresDecisions(database);
        locations = new PostgresCardLocations(database);
        findings = database.jdbi().withHandle(handle -> handle.createQuery("SELECT id FROM findings WHERE organization_id = :org ORDER BY id")
                .bind("org", acme.id()).mapTo(Long.class).list());
    }

    @AfterEach
    void tearDown() {
        database.close();
    }

    /** Slack on this replica: wakes the finding as the chat's driver does, and posts its card only when it woke it. */
    private Sweeper.ChatTarget slack(Sweeper.SnoozeEnded snoozeEnded) {
        return new Sweeper.ChatTarget((organization, conversation) -> {
            throw new AssertionError("no scheduled scan here");
        }, (organization, scan) -> {
            throw new AssertionError("no queued scan here");
        }, snoozeEnded, (organization, conversation, scope, zone) -> {
            throw new AssertionError("no digest here");
        }, (organization, conversation, thread, card) -> {
            throw new AssertionError("no notice here");
        }, (organization, user, near, card) -> {
            throw new AssertionError("no direct message here");
        });
    }

    private void wakeAndPost(Organization organization, String conversation, long findingId) {
        decisions.wake(organization.id(), findingId, clock.instant()).ifPresent(finding -> posted.add(conversation + " F-" + finding.id()));
    }

    private void snooze(long findingId, Instant until) {
        decisions.snooze(acme.id(), findingId, MEMBER, until, NOW.minus(Duration.ofDays(7))).orElseThrow();
    }

    private String status(long findingId) {
        return database.jdbi().withHandle(handle -> handle.createQuery("SELECT status FROM findings WHERE id = :id").bind("id", findingId)
                .mapTo(String.class).one());
    }

    private int ended(long findingId) {
        return database.jdbi().withHandle(handle -> handle.createQuery(
                "SELECT count(*) FROM audit_log WHERE action = 'finding.snooze_ended' AND subject = :subject")
                .bind("subject", "finding/" + findingId).mapTo(Integer.class).one());
    }

    @Test
    void eachEndedSnoozeIsOpenedOnceAndPostedOnceWhereItsCardWasThoughTwoReplicasSweepAtOnce() throws Exception {
        long inOps = findings.get(0);
        long inFinance = findings.get(1);
        long inTeams = findings.get(2);
        long nowhere = findings.get(3);
        long tomorrow = findings.get(4);
        for (long finding : List.of(inOps, inFinance, inTeams, nowhere)) {
            snooze(finding, NOW.minusSeconds(1));
        }
        snooze(tomorrow, NOW.plus(Duration.ofDays(1)));
        locations.remember(inOps, "slack", "C0OPS", "1764172800.000001");
        locations.remember(inFinance, "slack", "C0FIN", "1764172800.000002");
        locations.remember(inTeams, "teams", "19:ops@thread.tacv2", "1:activity");
        Map<Organization.Platform, Sweeper.ChatTarget> targets = Map.of(Organization.Platform.SLACK, slack(this::wakeAndPost));
        Organizations organizations = new Organizations(database);

        CountDownLatch start = new CountDownLatch(1);
        List<CompletableFuture<Void>> replicas = List.of(1, 2).stream().map(replica -> CompletableFuture.runAsync(() -> {
            try {
                start.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            // a page of one, so that the two sweeps interleave finding by finding
            Sweeper.snoozesEnded(targets, organizations, locations, decisions, clock, 1);
        })).toList();
        start.countDown();
        CompletableFuture.allOf(replicas.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);

        assertThat(posted).containsExactlyInAnyOrder("C0OPS F-" + inOps, "C0FIN F-" + inFinance);
        assertThat(List.of(inOps, inFinance, inTeams, nowhere)).allSatisfy(finding -> {
            assertThat(status(finding)).as("F-" + finding).isEqualTo("open");
            assertThat(ended(finding)).as("F-" + finding + "'s end audited").isEqualTo(1);
        });
        assertThat(status(tomorrow)).isEqualTo("snoozed");
        assertThat(ended(tomorrow)).isZero();
    }

    @Test
    void aFindingWhoseCardCannotBePostedIsOpenedWithoutItAndTheRestGoOn() {
        long failing = findings.get(0);
        long fine = findings.get(1);
        snooze(failing, NOW.minusSeconds(1));
        snooze(fine, NOW.minusSeconds(1));
        locations.remember(failing, "slack", "C0OPS", "1764172800.000001");
        locations.remember(fine, "slack", "C0OPS", "1764172800.000002");
        Organizations organizations = new Organizations(database);
        Sweeper.ChatTarget down = slack((organization, conversation, findingId) -> {
            if (findingId == failing) {
                throw new IllegalStateException("the workspace's token was revoked");
            }
            wakeAndPost(organization, conversation, findingId);
        });

        Sweeper.snoozesEnded(Map.of(Organization.Platform.SLACK, down), organizations, locations, decisions, clock, 1);

        assertThat(posted).containsExactly("C0OPS F-" + fine);
        assertThat(List.of(failing, fine)).allSatisfy(finding -> {
            assertThat(status(finding)).as("F-" + finding).isEqualTo("open");
            assertThat(ended(finding)).as("F-" + finding + "'s end audited").isEqualTo(1);
        });
        assertThat(decisions.snoozesEnded(clock.instant(), 0, 10)).as("nothing left for the next sweep").isEmpty();
    }
}
