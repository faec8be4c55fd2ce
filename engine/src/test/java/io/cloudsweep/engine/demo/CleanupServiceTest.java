package io.cloudsweep.engine.demo;

import io.cloudsweep.engine.approval.RiskPolicy;
import io.cloudsweep.engine.cleanup.Cleanup;
import io.cloudsweep.engine.cleanup.CleanupActions;
import io.cloudsweep.engine.cleanup.CleanupPlan;
import io.cloudsweep.engine.cleanup.CleanupService;
import io.cloudsweep.engine.cleanup.CleanupState;
import io.cloudsweep.engine.cleanup.CleanupStore;
import io.cloudsweep.engine.config.Settings;
import io.cloudsweep.engine.model.EbsSnapshot;
import io.cloudsweep.engine.model.EbsVolume;
import io.cloudsweep.engine.model.Ec2Instance;
import io.cloudsweep.engine.model.Finding;
import io.cloudsweep.engine.model.Region;
import io.cloudsweep.engine.model.Resource;
import io.cloudsweep.engine.model.Tags;
import io.cloudsweep.engine.pricing.PriceBook;
import io.cloudsweep.engine.pricing.Pricer;
import io.cloudsweep.engine.rules.Protection;
import io.cloudsweep.engine.rules.RuleSet;
import io.cloudsweep.engine.scan.ScanListener;
import io.cloudsweep.engine.scan.ScanRequest;
import io.cloudsweep.engine.scan.ScanService;
import io.cloudsweep.engine.testing.RefusingActions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The cleanup state machine on the demo account, with a store that keeps transitions in memory. */
class CleanupServiceTest {

    private static final Instant NOW = Instant.parse("2026-11-26T15:00:00Z");
    private static final Region US_EAST_1 = Region.of("us-east-1");
    private static final String VOLUME = "vol-0e41b7c2d9a3f0101";

    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    private final DemoCloud cloud = DemoCloud.at(NOW);
    private final RecordingStore store = new RecordingStore();
    private final List<String> progress = new ArrayList<>();

    /** Compare-and-set over an in-memory map, remembering every transition it accepted. */
    static final class RecordingStore implements CleanupStore {
        final Map<Long, String> states = new HashMap<>();
        final Map<Long, CleanupState> current = new HashMap<>();
        final List<String> log = new ArrayList<>();
        boolean refuseNext;

        @Override
        public synchronized boolean transition(long cleanupId, CleanupState from, CleanupState to, String actor, String detail) {
            if (refuseNext || !states.getOrDefault(cleanupId, "approved").equals(from.id())) {
                refuseNext = false;
                return false;
            }
            states.put(cleanupId, to.id());
            current.put(cleanupId, to);
            log.add(to.id() + ": " + detail);
            return true;
        }

        final Map<Long, Cleanup> cleanups = new HashMap<>();

        void put(Cleanup cleanup) {
            cleanups.put(cleanup.id(), cleanup);
        }

        @Override
        public <T> Optional<T> exclusively(long cleanupId, Supplier<T> work) {
            return Optional.of(work.get());
        }

        @Override
        public synchronized Optional<Cleanup> find(long cleanupId) {
            return Optional.ofNullable(cleanups.get(cleanupId)).map(c -> c.in(current.getOrDefault(cleanupId, c.state()), NOW));
        }
    }

    private static Cleanup cleanup(Finding finding, boolean dryRun) {
        return new Cleanup(1, 1, 7, DemoCloud.ACCOUNT, finding, dryRun, new CleanupState.Approved(), NOW, Optional.empty());
    }

    /** Cleanup 1 of {@code finding}, approved and stored. */
    private long stored(Finding finding, boolean dryRun) {
        store.put(cleanup(finding, dryRun));
        return 1;
    }

    private CleanupService service(CleanupActions actions) {
        return new CleanupService(store, cloud, actions, RuleSet.standard(Settings.empty()), new Pricer(PriceBook.embedded()),
                new RiskPolicy(RiskPolicy.Parameters.defaults()), Protection.from(Settings.empty()), clock);
    }

    private Finding finding(String resourceId) {
        ScanService scan = new ScanService(cloud, RuleSet.standard(Settings.empty()), new Pricer(PriceBook.embedded()),
                new RiskPolicy(RiskPolicy.Parameters.defaults()), Protection.from(Settings.empty()), clock, 3);
        return scan.scan(ScanRequest.allRegions(List.of(DemoCloud.ACCOUNT), "test"), ScanListener.NONE).findings().stream()
                .filter(found -> found.resource().id().equals(resourceId)).findFirst().orElseThrow();
    }

    private List<Resource> usEast1() {
        return cloud.describe(DemoCloud.ACCOUNT, US_EAST_1).resources();
    }

    @Test
    void anApprovedVolumeIsValidatedBackedUpDeletedAndVerified() {
        Finding finding = finding(VOLUME);

        CleanupState end = service(new DemoCleanupActions(cloud, clock)).advance(stored(finding, false), "U-ana", progress::add).orElseThrow();

        assertThat(end).isInstanceOf(CleanupState.Done.class);
        assertThat(store.log).extracting(line -> line.substring(0, line.indexOf(':')))
                .containsExactly("validating", "backing_up", "executing", "verifying", "done");
        assertThat(usEast1()).noneMatch(r -> r.ref().id().equals(VOLUME));
        assertThat(usEast1()).anyMatch(r -> r instanceof EbsSnapshot s && s.ref().id().equals(end.backupId().orElseThrow()));
    }

    @Test
    void aVolumeAttachedAfterTheScanIsNotTouched() {
        Finding finding = finding(VOLUME);
        cloud.replace(US_EAST_1, list -> {
            list.replaceAll(r -> r.ref().id().equals(VOLUME) ? attached((EbsVolume) r) : r);
            return list;
        });
        int before = usEast1().size();

        CleanupState end = service(new DemoCleanupActions(cloud, clock)).advance(stored(finding, false), "U-ana", progress::add).orElseThrow();

        assertThat(end).isInstanceOf(CleanupState.Aborted.class);
        assertThat(((CleanupState.Aborted) end).reason()).contains("no longer qualifies for ebs-unattached");
        assertThat(usEast1()).hasSize(before).anyMatch(r -> r.ref().id().equals(VOLUME));
        assertThat(store.states).containsEntry(1L, "aborted");
    }

    @Test
    void aResourceProtectedSinceTheScanIsNotTouched() {
        Finding finding = finding(VOLUME);
        cloud.replace(US_EAST_1, list -> {
            list.replaceAll(r -> r.ref().id().equals(VOLUME) ? tagged((EbsVolume) r, Tags.of("cloudsweep:ignore", "true")) : r);
            return list;
        });

        CleanupState end = service(new DemoCleanupActions(cloud, clock)).advance(stored(finding, false), "U-ana", progress::add).orElseThrow();

        assertThat(end).isEqualTo(new CleanupState.Aborted(VOLUME + " is now protected by its tags"));
    }

    @Test
    void aDryRunRunsEveryStepButChangesNothing() {
        Finding finding = finding(VOLUME);
        int before = usEast1().size();

        CleanupState end = service(new DemoCleanupActions(cloud, clock)).advance(stored(finding, true), "U-ana", progress::add).orElseThrow();

        assertThat(end).isEqualTo(new CleanupState.Done("dry-run"));
        assertThat(usEast1()).hasSize(before).anyMatch(r -> r.ref().id().equals(VOLUME));
        assertThat(store.log).last().asString().contains("dry run complete: nothing was changed");
        assertThat(progress).anyMatch(line -> line.startsWith("dry run:"));
    }

    @Test
    void aFailingActionFailsTheCleanupKeepingItsBackup() {
        Finding finding = finding(VOLUME);
        DemoCleanupActions demo = new DemoCleanupActions(cloud, clock);
        CleanupActions failing = new RefusingActions(demo, "DeleteVolume: VolumeInUse");

        CleanupState end = service(failing).advance(stored(finding, false), "U-ana", progress::add).orElseThrow();

        assertThat(end).isInstanceOf(CleanupState.Failed.class);
        assertThat(((CleanupState.Failed) end).reason()).isEqualTo("DeleteVolume: VolumeInUse");
        assertThat(end.backupId()).isPresent();
        assertThat(usEast1()).anyMatch(r -> r.ref().id().equals(VOLUME));
    }

    @Test
    void whenAnotherWorkerTookTheFirstStepNothingIsDone() {
        Finding finding = finding(VOLUME);
        store.refuseNext = true;
        int before = usEast1().size();

        CleanupState end = service(new DemoCleanupActions(cloud, clock)).advance(stored(finding, false), "U-ana", progress::add).orElseThrow();

        assertThat(end).isEqualTo(new CleanupState.Approved());
        assertThat(usEast1()).hasSize(before);
        assertThat(store.log).isEmpty();
    }

    /** Where a simulated crash stops the process: an Error, which no step catches, so the stored state is what a restart finds. */
    enum CrashPoint { AFTER_BACKUP_TAKEN, BEFORE_ACTION, AFTER_ACTION }

    static final class Crash extends Error {
        Crash(CrashPoint point) {
            super("crash " + point);
        }
    }

    /** The demo's actions, counting the destructive calls, crashing once where told. */
    static class CrashingActions implements CleanupActions {
        final CleanupActions demo;
        CrashPoint crashAt;
        int actions;

        CrashingActions(CleanupActions demo, CrashPoint crashAt) {
            this.demo = demo;
            this.crashAt = crashAt;
        }

        @Override
        public String backUp(Finding f, String label, CleanupPlan plan, Consumer<String> p) {
            String backup = demo.backUp(f, label, plan, p);
            crashIf(CrashPoint.AFTER_BACKUP_TAKEN);
            return backup;
        }

        @Override
        public String act(Finding f, CleanupPlan plan, String backupId) {
            crashIf(CrashPoint.BEFORE_ACTION);
            actions++;
            String receipt = demo.act(f, plan, backupId);
            crashIf(CrashPoint.AFTER_ACTION);
            return receipt;
        }

        @Override
        public String undo(Finding f, CleanupPlan plan, String backupId) {
            return demo.undo(f, plan, backupId);
        }

        private void crashIf(CrashPoint point) {
            if (crashAt == point) {
                crashAt = null;
                throw new Crash(point);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(CrashPoint.class)
    void aCleanupResumedAfterACrashFinishesWithOneBackupAndOneAction(CrashPoint point) {
        Finding finding = finding(VOLUME);
        CrashingActions actions = new CrashingActions(new DemoCleanupActions(cloud, clock), point);
        CleanupService service = service(actions);

        assertThatThrownBy(() -> service.advance(stored(finding, false), "U-ana", progress::add).orElseThrow()).isInstanceOf(Crash.class);
        CleanupState end = service.advance(1, "recovery", progress::add).orElseThrow();

        assertThat(end).isInstanceOf(CleanupState.Done.class);
        assertThat(actions.actions).as("delete calls").isEqualTo(1);
        assertThat(usEast1()).noneMatch(r -> r.ref().id().equals(VOLUME));
        assertThat(usEast1()).filteredOn(r -> r.tags().get(DemoCleanupActions.BACKUP_TAG).equals(Optional.of(VOLUME)))
                .extracting(r -> r.ref().id()).containsExactly(end.backupId().orElseThrow());
        assertThat(store.log).extracting(line -> line.substring(0, line.indexOf(':')))
                .containsExactly("validating", "backing_up", "executing", "verifying", "done");
    }

    @Test
    void aVolumeAttachedWhileItsBackupWasTakenIsNotDeleted() {
        Finding finding = finding(VOLUME);
        DemoCleanupActions demo = new DemoCleanupActions(cloud, clock);
        CleanupActions attachingDuringBackup = new CrashingActions(demo, null) {
            @Override
            public String backUp(Finding f, String label, CleanupPlan plan, Consumer<String> p) {
                String backup = demo.backUp(f, label, plan, p);
                cloud.replace(US_EAST_1, list -> {
                    list.replaceAll(r -> r.ref().id().equals(VOLUME) ? attached((EbsVolume) r) : r);
                    return list;
                });
                return backup;
            }
        };

        CleanupState end = service(attachingDuringBackup).advance(stored(finding, false), "U-ana", progress::add).orElseThrow();

        assertThat(end).isInstanceOf(CleanupState.Failed.class);
        assertThat(((CleanupState.Failed) end).reason()).contains("no longer qualifies").contains("nothing was changed, the backup is kept");
        assertThat(usEast1()).anyMatch(r -> r.ref().id().equals(VOLUME));
    }

    /**
     * Cleans up {@code resourceId}'s finding with an action whose first call ({@code firstCall}, on the live resource) is
     * made before the process dies; then resumes with the demo's own actions and says how it ended.
     */
    private CleanupState resumedAfterAFirstCallCutShort(String resourceId, UnaryOperator<Resource> firstCall) {
        Finding finding = finding(resourceId);
        DemoCleanupActions demo = new DemoCleanupActions(cloud, clock);
        CleanupActions cutShort = new CrashingActions(demo, null) {
            @Override
            public String act(Finding f, CleanupPlan plan, String backupId) {
                cloud.replace(US_EAST_1, list -> {
                    list.replaceAll(r -> r.ref().id().equals(resourceId) ? firstCall.apply(r) : r);
                    return list;
                });
                throw new Crash(CrashPoint.AFTER_ACTION);
            }
        };
        assertThatThrownBy(() -> service(cutShort).advance(stored(finding, false), "U-ana", progress::add)).isInstanceOf(Crash.class);
        return service(demo).advance(1, "recovery", progress::add).orElseThrow();
    }

    @Test
    void aVolumeDetachedByARunCutShortIsDeletedOnResumeWithoutBeingJudgedAgain() {
        String quiet = "vol-0e41b7c2d9a3f0111";

        CleanupState end = resumedAfterAFirstCallCutShort(quiet, volume -> detached((EbsVolume) volume));

        assertThat(end).as("an available volume no longer qualifies for ebs-low-io, but its detach was the cleanup's own")
                .isInstanceOf(CleanupState.Done.class);
        assertThat(usEast1()).noneMatch(r -> r.ref().id().equals(quiet));
    }

    @Test
    void anInstanceStoppedByATypeChangeCutShortIsChangedAndStartedOnResume() {
        String jenkins = "i-0a7c31e2b9d4f5008";

        CleanupState end = resumedAfterAFirstCallCutShort(jenkins, instance -> stopped((Ec2Instance) instance));

        assertThat(end).as("a stopped instance no longer qualifies, but the stop was the cleanup's own").isInstanceOf(CleanupState.Done.class);
        assertThat(usEast1()).filteredOn(r -> r.ref().id().equals(jenkins)).singleElement()
                .satisfies(r -> assertThat(((Ec2Instance) r).instanceType()).isEqualTo("t3.large"))
                .satisfies(r -> assertThat(((Ec2Instance) r).state()).isEqualTo(Ec2Instance.State.RUNNING));
    }

    private static Ec2Instance stopped(Ec2Instance instance) {
        return new Ec2Instance(instance.ref(), instance.tags(), instance.instanceType(), Ec2Instance.State.STOPPED, instance.launchedAt(),
                Optional.of(NOW), "User initiated", instance.platform(), instance.availabilityZone(), instance.volumeIds(), instance.rootVolumeId(), instance.imageId());
    }

    private static EbsVolume detached(EbsVolume volume) {
        return new EbsVolume(volume.ref(), volume.tags(), volume.createdAt(), volume.volumeType(), volume.sizeGib(), volume.iops(),
                volume.throughputMibps(), EbsVolume.State.AVAILABLE, volume.availabilityZone(), List.of(), Optional.empty());
    }

    private static EbsVolume attached(EbsVolume volume) {
        return new EbsVolume(volume.ref(), volume.tags(), volume.createdAt(), volume.volumeType(), volume.sizeGib(), volume.iops(),
                volume.throughputMibps(), EbsVolume.State.IN_USE, volume.availabilityZone(), List.of("i-0a7c31e2b9d4f5001"), Optional.empty());
    }

    private static EbsVolume tagged(EbsVolume volume, Tags tags) {
        return new EbsVolume(volume.ref(), tags, volume.createdAt(), volume.volumeType(), volume.sizeGib(), volume.iops(),
                volume.throughputMibps(), volume.state(), volume.availabilityZone(), volume.attachedInstanceIds(), volume.detachedAt());
    }
}
