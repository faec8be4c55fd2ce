package io.cloudsweep.engine.demo;

import io.cloudsweep.engine.approval.RiskPolicy;
import io.cloudsweep.engine.cleanup.CleanupActions;
import io.cloudsweep.engine.cleanup.CleanupPlan;
import io.cloudsweep.engine.cleanup.CleanupService;
import io.cloudsweep.engine.cleanup.CleanupState;
import io.cloudsweep.engine.cleanup.CleanupStore;
import io.cloudsweep.engine.config.Settings;
import io.cloudsweep.engine.model.EbsSnapshot;
import io.cloudsweep.engine.model.EbsVolume;
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
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

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
        final List<String> log = new ArrayList<>();
        boolean refuseNext;

        @Override
        public synchronized boolean transition(long cleanupId, CleanupState from, CleanupState to, String actor, String detail) {
            if (refuseNext || !states.getOrDefault(cleanupId, "approved").equals(from.id())) {
                refuseNext = false;
                return false;
            }
            states.put(cleanupId, to.id());
            log.add(to.id() + ": " + detail);
            return true;
        }
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

        CleanupState end = service(new DemoCleanupActions(cloud, clock)).run(1, DemoCloud.ACCOUNT, finding, false, "U-ana", progress::add);

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

        CleanupState end = service(new DemoCleanupActions(cloud, clock)).run(1, DemoCloud.ACCOUNT, finding, false, "U-ana", progress::add);

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

        CleanupState end = service(new DemoCleanupActions(cloud, clock)).run(1, DemoCloud.ACCOUNT, finding, false, "U-ana", progress::add);

        assertThat(end).isEqualTo(new CleanupState.Aborted(VOLUME + " is now protected by its tags"));
    }

    @Test
    void aDryRunRunsEveryStepButChangesNothing() {
        Finding finding = finding(VOLUME);
        int before = usEast1().size();

        CleanupState end = service(new DemoCleanupActions(cloud, clock)).run(1, DemoCloud.ACCOUNT, finding, true, "U-ana", progress::add);

        assertThat(end).isEqualTo(new CleanupState.Done("dry-run"));
        assertThat(usEast1()).hasSize(before).anyMatch(r -> r.ref().id().equals(VOLUME));
        assertThat(store.log).last().asString().contains("dry run complete: nothing was changed");
        assertThat(progress).anyMatch(line -> line.startsWith("dry run:"));
    }

    @Test
    void aFailingActionFailsTheCleanupKeepingItsBackup() {
        Finding finding = finding(VOLUME);
        DemoCleanupActions demo = new DemoCleanupActions(cloud, clock);
        CleanupActions failing = new CleanupActions() {
            @Override
            public String backUp(Finding f, CleanupPlan plan, Consumer<String> p) {
                return demo.backUp(f, plan, p);
            }

            @Override
            public String act(Finding f, CleanupPlan plan) {
                throw new IllegalStateException("DeleteVolume: VolumeInUse");
            }

            @Override
            public String undo(Finding f, CleanupPlan plan, String backupId) {
                return demo.undo(f, plan, backupId);
            }
        };

        CleanupState end = service(failing).run(1, DemoCloud.ACCOUNT, finding, false, "U-ana", progress::add);

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

        CleanupState end = service(new DemoCleanupActions(cloud, clock)).run(1, DemoCloud.ACCOUNT, finding, false, "U-ana", progress::add);

        assertThat(end).isEqualTo(new CleanupState.Approved());
        assertThat(usEast1()).hasSize(before);
        assertThat(store.log).isEmpty();
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
