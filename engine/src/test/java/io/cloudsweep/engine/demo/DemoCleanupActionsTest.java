package io.cloudsweep.engine.demo;

import io.cloudsweep.engine.approval.RiskPolicy;
import io.cloudsweep.engine.cleanup.CleanupPlan;
import io.cloudsweep.engine.config.Settings;
import io.cloudsweep.engine.model.EbsSnapshot;
import io.cloudsweep.engine.model.EbsVolume;
import io.cloudsweep.engine.model.Ec2Instance;
import io.cloudsweep.engine.model.ElasticIp;
import io.cloudsweep.engine.model.Finding;
import io.cloudsweep.engine.model.Region;
import io.cloudsweep.engine.model.Resource;
import io.cloudsweep.engine.model.VolumeType;
import io.cloudsweep.engine.pricing.PriceBook;
import io.cloudsweep.engine.pricing.Pricer;
import io.cloudsweep.engine.rules.Protection;
import io.cloudsweep.engine.rules.RuleSet;
import io.cloudsweep.engine.scan.ScanListener;
import io.cloudsweep.engine.scan.ScanReport;
import io.cloudsweep.engine.scan.ScanRequest;
import io.cloudsweep.engine.scan.ScanService;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Each cleanup step on the demo account, and what the next scan then finds. */
class DemoCleanupActionsTest {

    private static final Instant NOW = Instant.parse("2026-11-26T15:00:00Z");
    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    private final DemoCloud cloud = DemoCloud.at(NOW);
    private final DemoCleanupActions actions = new DemoCleanupActions(cloud, clock);

    private ScanReport scan() {
        ScanService service = new ScanService(cloud, RuleSet.standard(Settings.empty()), new Pricer(PriceBook.embedded()),
                new RiskPolicy(RiskPolicy.Parameters.defaults()), Protection.from(Settings.empty()), clock, 3);
        return service.scan(ScanRequest.allRegions(List.of(DemoCloud.ACCOUNT), "test"), ScanListener.NONE);
    }

    private Finding finding(String resourceId) {
        return scan().findings().stream().filter(found -> found.resource().id().equals(resourceId)).findFirst().orElseThrow();
    }

    private List<Resource> resources(String region) {
        return cloud.describe(DemoCloud.ACCOUNT, Region.of(region)).resources();
    }

    @Test
    void aDeletedVolumeIsBackedUpFirstAndComesBackFromItsSnapshot() {
        Finding finding = finding("vol-0e41b7c2d9a3f0101");
        CleanupPlan plan = CleanupPlan.of(finding);
        List<String> progress = new ArrayList<>();

        String backup = actions.backUp(finding, "F-1", plan, progress::add);
        actions.act(finding, plan, "none");

        assertThat(progress).singleElement().asString().contains("completed");
        assertThat(cloud.find(finding.resource())).isEmpty();
        assertThat(resources("us-east-1")).filteredOn(r -> r.ref().id().equals(backup)).singleElement()
                .satisfies(snapshot -> assertThat(snapshot.tags().get(DemoCleanupActions.BACKUP_TAG)).contains("vol-0e41b7c2d9a3f0101"));
        assertThat(scan().findings()).noneMatch(found -> found.resource().id().equals("vol-0e41b7c2d9a3f0101"));

        String restored = actions.undo(finding, plan, backup);

        assertThat(restored).contains("created from " + backup).contains("not re-attached");
        assertThat(resources("us-east-1")).filteredOn(r -> r instanceof EbsVolume v && v.sizeGib() == 100
                && v.volumeType() == VolumeType.GP2 && v.state() == EbsVolume.State.AVAILABLE && v.createdAt().equals(NOW)).hasSize(1);
    }

    @Test
    void aStoppedInstanceIsNoLongerIdleAndStartsAgainOnUndo() {
        Finding finding = finding("i-0a7c31e2b9d4f5004");
        CleanupPlan plan = CleanupPlan.of(finding);

        assertThat(actions.backUp(finding, "F-1", plan, message -> { })).isEqualTo("none");
        actions.act(finding, plan, "none");

        assertThat(((Ec2Instance) cloud.find(finding.resource()).orElseThrow()).state()).isEqualTo(Ec2Instance.State.STOPPED);
        assertThat(scan().findings()).noneMatch(found -> found.resource().id().equals("i-0a7c31e2b9d4f5004"));
        actions.undo(finding, plan, "none");
        assertThat(((Ec2Instance) cloud.find(finding.resource()).orElseThrow()).state()).isEqualTo(Ec2Instance.State.RUNNING);
    }

    @Test
    void aReleasedAddressIsRecordedAndAskedForAgainOnUndo() {
        Finding finding = finding("eipalloc-07c2e4a6b8d0f0401");
        CleanupPlan plan = CleanupPlan.of(finding);

        String recorded = actions.backUp(finding, "F-1", plan, message -> { });
        actions.act(finding, plan, "none");

        assertThat(recorded).isEqualTo("54.210.33.17");
        assertThat(cloud.find(finding.resource())).isEmpty();
        assertThat(actions.undo(finding, plan, recorded)).contains("54.210.33.17");
        assertThat(resources("us-east-1")).anyMatch(r -> r instanceof ElasticIp ip && ip.publicIp().equals("54.210.33.17"));
    }

    @Test
    void gp2BecomesGp3WithTheTargetPerformanceAndBackOnUndo() {
        Finding finding = finding("vol-0e41b7c2d9a3f0104");
        CleanupPlan plan = CleanupPlan.of(finding);

        actions.act(finding, plan, "none");
        EbsVolume converted = (EbsVolume) cloud.find(finding.resource()).orElseThrow();
        actions.undo(finding, plan, "none");

        assertThat(converted.volumeType()).isEqualTo(VolumeType.GP3);
        assertThat(converted.iops()).isEqualTo(3000);
        assertThat(converted.throughputMibps()).isEqualTo(250);
        assertThat(((EbsVolume) cloud.find(finding.resource()).orElseThrow()).volumeType()).isEqualTo(VolumeType.GP2);
    }

    @Test
    void aTerminatedInstanceTakesItsVolumesAndComesBackFromItsAmi() {
        Finding finding = finding("i-0a7c31e2b9d4f5002");
        CleanupPlan plan = CleanupPlan.of(finding);

        String ami = actions.backUp(finding, "F-1", plan, message -> { });
        actions.act(finding, plan, "none");

        assertThat(ami).startsWith("ami-");
        assertThat(resources("us-east-1")).noneMatch(r -> r.ref().id().equals("i-0a7c31e2b9d4f5002")
                || r.ref().id().equals("vol-0e41b7c2d9a3f0106") || r.ref().id().equals("vol-0e41b7c2d9a3f0107"));
        assertThat(actions.undo(finding, plan, ami)).contains("launched from " + ami);
    }

    @Test
    void aDeletedSnapshotCannotBeUndoneAndSaysSo() {
        Finding finding = finding("snap-03f9a1c5e7b2d0201");
        CleanupPlan plan = CleanupPlan.of(finding);

        actions.act(finding, plan, "none");

        assertThat(resources("us-east-1")).noneMatch(r -> r instanceof EbsSnapshot s && s.ref().id().equals("snap-03f9a1c5e7b2d0201"));
        assertThatThrownBy(() -> actions.undo(finding, plan, "none")).hasMessageContaining("cannot be brought back");
    }
}
