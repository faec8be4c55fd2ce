package io.cloudsweep.storage;

import io.cloudsweep.engine.approval.Actor;
import io.cloudsweep.engine.approval.Role;
import io.cloudsweep.engine.chat.ChatCommand;
import io.cloudsweep.engine.chat.ScanQueue;
import io.cloudsweep.engine.model.Region;
import io.cloudsweep.engine.store.Organization;
import io.cloudsweep.engine.testing.MovingClock;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

class ScanRunsTest {

    private static final Actor ANA = new Actor("U0ANA", Role.ADMIN);

    private static ScanQueue.Order order(Organization organization, String message, String... accounts) {
        return new ScanQueue.Order(organization.id(), organization.platform(), "C0OPS", ANA,
                new ChatCommand.Scan(Optional.of("prod"), List.of(Region.of("eu-west-1"), Region.of("us-east-1"))), message, false,
                List.of(accounts));
    }

    @Test
    void aQueuedScanIsTakenAsItWasAskedForAndEndsOnce() {
        Database database = TestDatabase.get();
        Organization acme = new Organizations(database).ensure(Organization.Platform.TEAMS, "tenant-runs-1", "Acme");
        ScanRuns runs = new ScanRuns(database, Clock.systemUTC(), Duration.ofMinutes(15));

        ScanQueue.Claim claim = runs.claim(order(acme, "1700000000.000100", "210987654321", "123456789012"));

        assertThat(claim).isInstanceOf(ScanQueue.Claim.Accepted.class);
        long id = ((ScanQueue.Claim.Accepted) claim).scan().id();
        ScanQueue.QueuedScan first = runs.take(id).orElseThrow();
        ScanQueue.QueuedScan second = runs.take(id).orElseThrow();
        assertThat(first.order()).isEqualTo(order(acme, "1700000000.000100", "210987654321", "123456789012"));
        assertThat(first.attempt()).isEqualTo(1);
        assertThat(second.attempt()).as("taken again, after its replica died").isEqualTo(2);

        runs.finished(id, "completed");
        runs.finished(id, "failed: late");

        assertThat(runs.state(id)).contains(new ScanRuns.State("completed", 2, "completed"));
        assertThat(runs.take(id)).isEmpty();
    }

    @Test
    void aHeadlessScanKeepsWhatItWasAskedThroughAndIsListedWithItsStoredResultForItsOrganizationAlone() {
        Database database = TestDatabase.get();
        Organization acme = new Organizations(database).ensure(Organization.Platform.SLACK, "T-RUNS-4", "Acme");
        Organization other = new Organizations(database).ensure(Organization.Platform.SLACK, "T-RUNS-5", "Other");
        ScanRuns runs = new ScanRuns(database, Clock.systemUTC(), Duration.ofMinutes(15));
        ScanHistory history = new ScanHistory(database);
        Actor viaKey = new Actor("U0ANA", Role.MEMBER, Optional.of("apikey:ci"));
        ScanQueue.Order headless = new ScanQueue.Order(acme.id(), acme.platform(), "", viaKey, new ChatCommand.Scan(Optional.empty(), List.of()),
                "", false, List.of("123456789012"));

        long id = ((ScanQueue.Claim.Accepted) runs.claim(headless)).scan().id();
        ScanQueue.QueuedScan taken = runs.take(id).orElseThrow();
        long stored = database.jdbi().withHandle(handle -> handle.createQuery(
                "INSERT INTO scans (organization_id, started_by, status, started_at, finished_at, regions_total, regions_done, findings_count)"
                        + " VALUES (:organization, 'U0ANA', 'completed', now(), now(), 17, 17, 4) RETURNING id").bind("organization", acme.id())
                .mapTo(Long.class).one());
        ScanHistory.Scan running = history.find(acme.id(), id).orElseThrow();
        runs.finished(id, "completed", java.util.OptionalLong.of(stored));
        long later = ((ScanQueue.Claim.Accepted) runs.claim(order(acme, "m1", "210987654321"))).scan().id();

        assertThat(taken.order().headless()).isTrue();
        assertThat(taken.order().actor()).isEqualTo(viaKey);
        assertThat(running.status()).isEqualTo("running");
        assertThat(running.result()).isEmpty();
        ScanHistory.Scan done = history.find(acme.id(), id).orElseThrow();
        assertThat(done.status()).isEqualTo("completed");
        assertThat(done.via()).contains("apikey:ci");
        assertThat(done.result()).hasValueSatisfying(result -> {
            assertThat(result.id()).isEqualTo(stored);
            assertThat(result.findingsCount()).isEqualTo(4);
        });
        assertThat(history.page(acme.id(), Long.MAX_VALUE, 10)).extracting(ScanHistory.Scan::id).containsExactly(later, id);
        assertThat(history.page(acme.id(), later, 10)).extracting(ScanHistory.Scan::id).containsExactly(id);
        assertThat(history.find(other.id(), id)).isEmpty();
        assertThat(history.page(other.id(), Long.MAX_VALUE, 10)).isEmpty();
    }

    @Test
    void anAccountIsInOneScanAtATimeUntilItEndsOrGoesSilent() {
        Database database = TestDatabase.get();
        Organization acme = new Organizations(database).ensure(Organization.Platform.SLACK, "T-RUNS-2", "Acme");
        Organization other = new Organizations(database).ensure(Organization.Platform.SLACK, "T-RUNS-3", "Other");
        Instant start = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        MovingClock clock = new MovingClock(start);
        ScanRuns runs = new ScanRuns(database, clock, Duration.ofMinutes(15));

        long first = ((ScanQueue.Claim.Accepted) runs.claim(order(acme, "m1", "111111111111", "222222222222"))).scan().id();
        runs.take(first);
        runs.progress(first, "5 of 17 regions read, 2 findings so far");
        ScanQueue.Claim busy = runs.claim(order(acme, "m2", "222222222222"));
        ScanQueue.Claim elsewhere = runs.claim(order(acme, "m3", "333333333333"));
        ScanQueue.Claim demoInAnotherOrganization = runs.claim(order(other, "m4", "111111111111"));

        assertThat(busy).isEqualTo(new ScanQueue.Claim.Busy(new ScanQueue.Running(first, "U0ANA", start,
                Optional.of("5 of 17 regions read, 2 findings so far"), List.of("111111111111", "222222222222"))));
        assertThat(elsewhere).isInstanceOf(ScanQueue.Claim.Accepted.class);
        assertThat(demoInAnotherOrganization).isInstanceOf(ScanQueue.Claim.Accepted.class);

        clock.at(start.plus(Duration.ofMinutes(16)));
        assertThat(runs.claim(order(acme, "m5", "222222222222"))).as("its replica went silent 16 min ago")
                .isInstanceOf(ScanQueue.Claim.Accepted.class);
    }

    @Test
    void replicasQueuingScansOfOneAccountAtOnceQueueOne() throws Exception {
        Database database = TestDatabase.get();
        Organization acme = new Organizations(database).ensure(Organization.Platform.SLACK, "T-RUNS-4", "Acme");
        ScanRuns runs = new ScanRuns(database, Clock.systemUTC(), Duration.ofMinutes(15));
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService replicas = Executors.newFixedThreadPool(6);
        try {
            List<Future<ScanQueue.Claim>> claims = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                String message = "m" + i;
                claims.add(replicas.submit(() -> {
                    go.await();
                    return runs.claim(order(acme, message, "444444444444"));
                }));
            }
            go.countDown();
            List<ScanQueue.Claim> all = new ArrayList<>();
            for (Future<ScanQueue.Claim> claim : claims) {
                all.add(claim.get());
            }
            assertThat(all).filteredOn(ScanQueue.Claim.Accepted.class::isInstance).hasSize(1);
            assertThat(all).filteredOn(ScanQueue.Claim.Busy.class::isInstance).hasSize(5);
        } finally {
            replicas.shutdownNow();
        }
    }
}
