package io.cloudsweep.storage;

import io.cloudsweep.engine.approval.Actor;
import io.cloudsweep.engine.approval.ApprovalPolicy;
import io.cloudsweep.engine.decisions.Approvals;
import io.cloudsweep.engine.approval.Role;
import io.cloudsweep.engine.cleanup.Cleanup;
import io.cloudsweep.engine.cleanup.CleanupActions;
import io.cloudsweep.engine.cleanup.CleanupLimits;
import io.cloudsweep.engine.cleanup.CleanupPlan;
import io.cloudsweep.engine.cleanup.CleanupService;
import io.cloudsweep.engine.cleanup.CleanupState;
import io.cloudsweep.engine.demo.DemoCleanupActions;
import io.cloudsweep.engine.demo.DemoCloud;
import io.cloudsweep.engine.scan.ScanListener;
import io.cloudsweep.engine.scan.ScanRequest;
import io.cloudsweep.engine.model.EbsVolume;
import io.cloudsweep.engine.model.Finding;
import io.cloudsweep.engine.decisions.Decisions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import static io.cloudsweep.storage.DemoOnDatabase.NOW;
import static org.assertj.core.api.Assertions.assertThat;

class PostgresCleanupStoreTest {

    private static final String VOLUME = "vol-0e41b7c2d9a3f0101";
    private static final Actor ANA = new Actor("U-ana", Role.ADMIN);

    private final DemoOnDatabase demo = new DemoOnDatabase(true);
    private final PostgresCleanupStore store = new PostgresCleanupStore(demo.database, demo.clock);
    private final CleanupService service = demo.cleanupService(store);

    @AfterEach
    void theAuditChainVerifies() {
        assertThat(new PostgresAuditLog(demo.database).verify()).isEmpty();
    }

    private long approve(String resource) {
        Decisions.Approval approval = new PostgresDecisions(demo.database)
                .approve(demo.console.id(), demo.findingId(resource), ANA, new Approvals(new ApprovalPolicy(), CleanupLimits.defaults()), NOW).orElseThrow();
        return ((Decisions.Approval.Started) approval).cleanupId();
    }

    private Cleanup stored(long cleanupId) {
        return store.find(cleanupId).orElseThrow();
    }

    @Test
    void aCleanupIsReadBackWithItsFindingAndAccount() {
        long cleanup = approve(VOLUME);

        Cleanup found = stored(cleanup);

        assertThat(found.state()).isEqualTo(new CleanupState.Approved());
        Finding scanned = demo.scan.findings().stream().filter(f -> f.resource().id().equals(VOLUME)).findFirst().orElseThrow();
        assertThat(found.finding()).usingRecursiveComparison().comparingOnlyFields("ruleId", "resource", "tags", "action", "risk", "confidence",
                "reason").isEqualTo(scanned);
        assertThat(found.finding().evidence()).containsExactlyInAnyOrderElementsOf(scanned.evidence());
        assertThat(found.finding().monthlyCost()).isEqualTo(scanned.monthlyCost());
        assertThat(found.account().id()).isEqualTo("123456789012");
        assertThat(found.dryRun()).isFalse();
    }

    @Test
    void fiftyConcurrentRunsOfOneCleanupDeleteOnceAndTheFindingEndsCleaned() throws Exception {
        long cleanup = approve(VOLUME);
        DemoCleanupActions demoActions = new DemoCleanupActions(demo.cloud, demo.clock);
        AtomicInteger deletes = new AtomicInteger();
        CleanupService counting = demo.cleanupService(store, new CleanupActions() {
            @Override
            public String backUp(Finding finding, String label, CleanupPlan plan, Consumer<String> progress) {
                return demoActions.backUp(finding, label, plan, progress);
            }

            @Override
            public String act(Finding finding, CleanupPlan plan, String backupId) {
                deletes.incrementAndGet();
                return demoActions.act(finding, plan, backupId);
            }

            @Override
            public String undo(Finding finding, CleanupPlan plan, String backupId) {
                return demoActions.undo(finding, plan, backupId);
            }
        });
        ExecutorService threads = Executors.newFixedThreadPool(8);
        List<CleanupState> ends = new ArrayList<>();
        try {
            List<Callable<CleanupState>> runs = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                runs.add(() -> counting.advance(cleanup, "worker", message -> { }).orElse(null));
            }
            for (Future<CleanupState> future : threads.invokeAll(runs)) {
                ends.add(future.get());
            }
        } finally {
            threads.shutdownNow();
        }

        assertThat(deletes).hasValue(1);
        assertThat(ends).filteredOn(end -> end instanceof CleanupState.Done).isNotEmpty();
        assertThat(ends).allMatch(end -> end == null || end instanceof CleanupState.Done);
        assertThat(demo.count("SELECT count(*) FROM cleanups WHERE state = 'done' AND backup_id LIKE 'snap-%'")).isEqualTo(1);
        assertThat(demo.count("SELECT count(*) FROM audit_log WHERE subject = 'cleanup/" + cleanup + "'")).isEqualTo(5);
        assertThat(demo.count("SELECT jsonb_array_length(step_log) FROM cleanups")).isEqualTo(6);
        assertThat(demo.text("SELECT status FROM findings WHERE resource_id = '" + VOLUME + "'")).isEqualTo("cleaned");
        assertThat(demo.cloud.allResources()).filteredOn(r -> r.tags().get(DemoCleanupActions.BACKUP_TAG).isPresent()).hasSize(1);
        assertThat(demo.cloud.allResources()).noneMatch(r -> r.ref().id().equals(VOLUME));
    }

    @Test
    void anAddressReleasedThenTakenBackUnderANewIdResolvesWhenTheNextScanNoLongerSeesIt() {
        String address = "eipalloc-07c2e4a6b8d0f0401";
        long cleanup = approve(address);
        service.advance(cleanup, "worker", message -> { });
        assertThat(service.undo(stored(cleanup), "U-ana", Duration.ofDays(7)).undone()).isTrue();
        assertThat(demo.text("SELECT status FROM findings WHERE resource_id = '" + address + "'")).isEqualTo("rolled_back");

        var saved = new PostgresFindingStore(demo.database).save(demo.console,
                demo.scanService(java.time.Clock.fixed(NOW.plus(Duration.ofHours(1)), java.time.ZoneOffset.UTC))
                        .scan(ScanRequest.allRegions(List.of(DemoCloud.ACCOUNT), "test"), ScanListener.NONE));

        assertThat(demo.text("SELECT status FROM findings WHERE resource_id = '" + address + "'")).isEqualTo("resolved");
        assertThat(saved.inserted()).as("the address taken back, under its new id").isEqualTo(1);
        assertThat(saved.resolved()).isEqualTo(1);
        assertThat(new PostgresDecisions(demo.database).open(demo.console.id(), java.util.Optional.of("eip-unassociated"), java.math.BigDecimal.ZERO))
                .extracting(finding -> finding.finding().resource().id()).hasSize(3).doesNotContain(address);
    }

    @Test
    void undoRestoresTheVolumeOnceAndIsAudited() {
        long cleanup = approve(VOLUME);
        service.advance(cleanup, "worker", message -> { });

        CleanupService.UndoResult first = service.undo(stored(cleanup), "U-ana", Duration.ofDays(7));
        CleanupService.UndoResult again = service.undo(stored(cleanup), "U-ana", Duration.ofDays(7));

        assertThat(first.undone()).isTrue();
        assertThat(first.message()).contains("created from snap-").contains("not re-attached");
        assertThat(again.undone()).isFalse();
        assertThat(again.message()).contains("was undone already");
        assertThat(demo.cloud.allResources()).filteredOn(r -> r instanceof EbsVolume v && v.sizeGib() == 100 && !v.ref().id().equals(VOLUME)
                && v.tags().equals(stored(cleanup).finding().tags())).hasSize(1);
        assertThat(demo.text("SELECT status FROM findings WHERE resource_id = '" + VOLUME + "'")).isEqualTo("rolled_back");
        assertThat(demo.text("SELECT action FROM audit_log ORDER BY id DESC LIMIT 1")).isEqualTo("cleanup.rolled_back");
    }

    @Test
    void undoIsRefusedOnceItsWindowHasClosed() {
        long cleanup = approve(VOLUME);
        service.advance(cleanup, "worker", message -> { });

        demo.database.jdbi().useHandle(handle -> handle.execute("UPDATE cleanups SET updated_at = updated_at - interval '8 days'"));

        CleanupService.UndoResult late = service.undo(stored(cleanup), "U-ana", Duration.ofDays(7));

        assertThat(late.undone()).isFalse();
        assertThat(late.message()).contains("undo window of 7 days closed").contains("the backup snap-");
        assertThat(demo.text("SELECT state FROM cleanups")).isEqualTo("done");
    }

    @Test
    void anAbortRecordsItsReasonLeavesTheFindingOpenAndAllowsANewApproval() {
        long cleanup = approve(VOLUME);
        CleanupState.Validating validating = new CleanupState.Approved().validate();

        assertThat(store.transition(cleanup, new CleanupState.Approved(), validating, "U-ana", "validating")).isTrue();
        assertThat(store.transition(cleanup, new CleanupState.Approved(), validating, "U-bo", "validating")).isFalse();
        assertThat(store.transition(cleanup, validating, validating.abort("attached again"), "U-ana", "attached again")).isTrue();

        assertThat(demo.text("SELECT state || ': ' || error FROM cleanups")).isEqualTo("aborted: attached again");
        assertThat(demo.text("SELECT status FROM findings WHERE resource_id = '" + VOLUME + "'")).isEqualTo("open");
        assertThat(approve(VOLUME)).isNotEqualTo(cleanup);
    }

    @Test
    void aRedeliveredApprovalAfterTheCleanupReturnsItsStateAndActsNoMore() {
        long cleanup = approve(VOLUME);
        service.advance(cleanup, "worker", message -> { });

        Decisions.Approval redelivered = new PostgresDecisions(demo.database)
                .approve(demo.console.id(), demo.findingId(VOLUME), ANA, new Approvals(new ApprovalPolicy(), CleanupLimits.defaults()), NOW).orElseThrow();

        assertThat(redelivered).isInstanceOfSatisfying(Decisions.Approval.AlreadyBegun.class, already -> {
            assertThat(already.cleanupId()).isEqualTo(cleanup);
            assertThat(already.state()).isInstanceOf(CleanupState.Done.class);
        });
        assertThat(demo.count("SELECT count(*) FROM cleanups")).isEqualTo(1);
        assertThat(service.advance(cleanup, "worker", message -> { })).containsInstanceOf(CleanupState.Done.class);
        assertThat(demo.count("SELECT count(*) FROM audit_log WHERE subject = 'cleanup/" + cleanup + "'")).isEqualTo(5);
    }

    @Test
    void aResourceExcludedAfterItsApprovalIsNotTouched() {
        long cleanup = approve(VOLUME);
        new Exclusions(demo.database).excludeTag(demo.console.id(), "team", java.util.Optional.of("data"), "the data team keeps its volumes", "U-ana");

        assertThat(service.advance(cleanup, "worker", message -> { })).get().isInstanceOfSatisfying(CleanupState.Aborted.class,
                aborted -> assertThat(aborted.reason()).isEqualTo(VOLUME + " is now excluded (exclusion 1 of tag team)"));
        assertThat(demo.cloud.allResources()).anyMatch(r -> r.ref().id().equals(VOLUME));
    }

    @Test
    void unfinishedCleanupsAreListedForRecovery() {
        long cleanup = approve(VOLUME);

        assertThat(store.unfinished()).containsExactly(cleanup);
        service.advance(cleanup, "worker", message -> { });
        assertThat(store.unfinished()).isEmpty();
    }
}
