package io.cloudsweep.storage;

import io.cloudsweep.engine.approval.RiskPolicy;
import io.cloudsweep.engine.cleanup.CleanupService;
import io.cloudsweep.engine.cleanup.CleanupState;
import io.cloudsweep.engine.config.Settings;
import io.cloudsweep.engine.demo.DemoCleanupActions;
import io.cloudsweep.engine.demo.DemoCloud;
import io.cloudsweep.engine.model.Finding;
import io.cloudsweep.engine.pricing.PriceBook;
import io.cloudsweep.engine.pricing.Pricer;
import io.cloudsweep.engine.rules.Protection;
import io.cloudsweep.engine.rules.RuleSet;
import io.cloudsweep.engine.scan.ScanListener;
import io.cloudsweep.engine.scan.ScanReport;
import io.cloudsweep.engine.scan.ScanRequest;
import io.cloudsweep.engine.scan.ScanService;
import io.cloudsweep.engine.store.Organization;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

class PostgresCleanupStoreTest {

    private static final Instant NOW = Instant.parse("2026-11-26T15:00:00Z");
    private static final String VOLUME = "vol-0e41b7c2d9a3f0101";

    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    private Database database;
    private PostgresCleanupStore store;
    private Organization console;
    private DemoCloud cloud;
    private ScanReport scan;

    @BeforeEach
    void setUp() {
        database = TestDatabase.get();
        store = new PostgresCleanupStore(database, clock);
        console = new Organizations(database).console();
        cloud = DemoCloud.at(NOW);
        scan = new ScanService(cloud, RuleSet.standard(Settings.empty()), new Pricer(PriceBook.embedded()),
                new RiskPolicy(RiskPolicy.Parameters.defaults()), Protection.from(Settings.empty()), clock, 3)
                .scan(ScanRequest.allRegions(List.of(DemoCloud.ACCOUNT), "test"), ScanListener.NONE);
        new PostgresFindingStore(database).save(console, scan);
    }

    private long findingId(String resourceId) {
        return database.jdbi().withHandle(handle -> handle.createQuery("SELECT id FROM findings WHERE resource_id = :id")
                .bind("id", resourceId).mapTo(Long.class).one());
    }

    private Finding finding(String resourceId) {
        return scan.findings().stream().filter(found -> found.resource().id().equals(resourceId)).findFirst().orElseThrow();
    }

    private int count(String sql) {
        return database.jdbi().withHandle(handle -> handle.createQuery(sql).mapTo(Integer.class).one());
    }

    @Test
    void fiftyConcurrentApprovalsOfOneFindingBeginOneCleanup() throws Exception {
        long finding = findingId(VOLUME);
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Callable<PostgresCleanupStore.Begun>> approvals = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                approvals.add(() -> store.begin(console.id(), finding, false));
            }
            List<PostgresCleanupStore.Begun> begun = new ArrayList<>();
            for (Future<PostgresCleanupStore.Begun> future : threads.invokeAll(approvals)) {
                begun.add(future.get());
            }
            assertThat(begun).filteredOn(PostgresCleanupStore.Begun::created).hasSize(1);
            assertThat(begun).extracting(PostgresCleanupStore.Begun::cleanupId).containsOnly(begun.get(0).cleanupId());
        } finally {
            threads.shutdownNow();
        }
        assertThat(count("SELECT count(*) FROM cleanups")).isEqualTo(1);
    }

    @Test
    void fiftyConcurrentRunsOfOneCleanupDeleteOnceAndTheAuditVerifies() throws Exception {
        long cleanup = store.begin(console.id(), findingId(VOLUME), false).cleanupId();
        CleanupService service = new CleanupService(store, cloud, new DemoCleanupActions(cloud, clock), RuleSet.standard(Settings.empty()),
                new Pricer(PriceBook.embedded()), new RiskPolicy(RiskPolicy.Parameters.defaults()), Protection.from(Settings.empty()), clock);
        ExecutorService threads = Executors.newFixedThreadPool(8);
        List<CleanupState> ends = new ArrayList<>();
        try {
            List<Callable<CleanupState>> runs = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                runs.add(() -> service.run(cleanup, DemoCloud.ACCOUNT, finding(VOLUME), false, "U-ana", message -> { }));
            }
            for (Future<CleanupState> future : threads.invokeAll(runs)) {
                ends.add(future.get());
            }
        } finally {
            threads.shutdownNow();
        }

        assertThat(ends).filteredOn(end -> end instanceof CleanupState.Done).hasSize(1);
        assertThat(count("SELECT count(*) FROM cleanups WHERE state = 'done' AND backup_id LIKE 'snap-%'")).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM audit_log WHERE subject = 'cleanup/" + cleanup + "'")).isEqualTo(5);
        assertThat(count("SELECT jsonb_array_length(step_log) FROM cleanups")).isEqualTo(5);
        assertThat(cloud.find(finding(VOLUME).resource())).isEmpty();
        assertThat(cloud.allResources()).filteredOn(resource -> resource.tags().get(DemoCleanupActions.BACKUP_TAG).isPresent()).hasSize(1);
        assertThat(new PostgresAuditLog(database).verify()).isEmpty();
    }

    @Test
    void anAbortRecordsItsReasonAndTouchesNothing() {
        long cleanup = store.begin(console.id(), findingId(VOLUME), false).cleanupId();
        CleanupState.Validating validating = new CleanupState.Approved().validate();

        assertThat(store.transition(cleanup, new CleanupState.Approved(), validating, "U-ana", "validating")).isTrue();
        assertThat(store.transition(cleanup, new CleanupState.Approved(), validating, "U-bo", "validating")).isFalse();
        assertThat(store.transition(cleanup, validating, validating.abort("attached again"), "U-ana", "attached again")).isTrue();

        String error = database.jdbi().withHandle(handle -> handle.createQuery("SELECT state || ': ' || error FROM cleanups")
                .mapTo(String.class).one());
        assertThat(error).isEqualTo("aborted: attached again");
        assertThat(new PostgresAuditLog(database).verify()).isEmpty();
    }
}
