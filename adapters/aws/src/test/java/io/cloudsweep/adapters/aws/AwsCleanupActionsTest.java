package io.cloudsweep.adapters.aws;

import io.cloudsweep.adapters.aws.fake.FakeAws;
import io.cloudsweep.engine.approval.RiskPolicy;
import io.cloudsweep.engine.cleanup.CleanupPlan;
import io.cloudsweep.engine.config.Settings;
import io.cloudsweep.engine.demo.DemoCloud;
import io.cloudsweep.engine.model.EbsSnapshot;
import io.cloudsweep.engine.model.EbsVolume;
import io.cloudsweep.engine.model.ElasticIp;
import io.cloudsweep.engine.model.Finding;
import io.cloudsweep.engine.model.Region;
import io.cloudsweep.engine.model.Resource;
import io.cloudsweep.engine.model.Tags;
import io.cloudsweep.engine.model.VolumeType;
import io.cloudsweep.engine.pricing.PriceBook;
import io.cloudsweep.engine.pricing.Pricer;
import io.cloudsweep.engine.rules.Protection;
import io.cloudsweep.engine.rules.RuleSet;
import io.cloudsweep.engine.scan.InventoryException;
import io.cloudsweep.engine.scan.ScanListener;
import io.cloudsweep.engine.scan.ScanRequest;
import io.cloudsweep.engine.scan.ScanService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static io.cloudsweep.adapters.aws.AwsCloudTest.KEYS;
import static io.cloudsweep.adapters.aws.AwsCloudTest.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Cleanups through the real SDK clients against the fake AWS server, which changes its state as AWS would. */
class AwsCleanupActionsTest {

    private static final Region US_EAST_1 = Region.of("us-east-1");
    private static final String VOLUME = "vol-0e41b7c2d9a3f0101";
    private static final String ADDRESS = "eipalloc-07c2e4a6b8d0f0401";

    private final DemoCloud demo = DemoCloud.at(NOW);
    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    private final List<String> progress = new ArrayList<>();
    private FakeAws fake;
    private AwsCloud cloud;
    private AwsCleanupActions actions;

    @BeforeEach
    void connect() throws IOException {
        fake = FakeAws.start(demo, DemoCloud.ACCOUNT, NOW);
        cloud = AwsCloud.connect(AwsOptions.defaults().withEndpoint(fake.endpoint()).withCredentials(KEYS));
        actions = (AwsCleanupActions) cloud.cleanupActions(Clock.systemUTC(), Duration.ofMillis(10), Duration.ofSeconds(30));
    }

    @AfterEach
    void close() {
        cloud.close();
        fake.close();
    }

    private Finding finding(String resourceId) {
        return new ScanService(demo, RuleSet.standard(Settings.empty()), new Pricer(PriceBook.embedded()),
                new RiskPolicy(RiskPolicy.Parameters.defaults()), Protection.from(Settings.empty()), clock, 3)
                .scan(ScanRequest.allRegions(List.of(DemoCloud.ACCOUNT), "test"), ScanListener.NONE).findings().stream()
                .filter(found -> found.resource().id().equals(resourceId)).findFirst().orElseThrow();
    }

    private List<Resource> live() {
        return cloud.describe(DemoCloud.ACCOUNT, US_EAST_1).resources();
    }

    @Test
    void aVolumeIsSnapshottedWaitedForDeletedAndRestoredWithItsTypeSizeZoneAndTags() {
        Finding finding = finding(VOLUME);
        CleanupPlan plan = CleanupPlan.forAction(finding.action());

        String snapshot = actions.backUp(finding, "F-14", plan, progress::add);
        String again = actions.backUp(finding, "F-14", plan, progress::add);
        String receipt = actions.act(finding, plan, snapshot);
        String restored = actions.undo(finding, plan, snapshot);

        assertThat(again).as("an interrupted backup is found, not taken twice").isEqualTo(snapshot);
        assertThat(fake.calls("ec2:CreateSnapshot")).isEqualTo(1);
        assertThat(progress).anyMatch(line -> line.contains("started")).anyMatch(line -> line.endsWith(snapshot + " completed"));
        assertThat(live()).filteredOn(r -> r instanceof EbsSnapshot s && s.ref().id().equals(snapshot)).singleElement()
                .satisfies(r -> assertThat(r.tags().get("cloudsweep:finding")).contains("F-14"))
                .satisfies(r -> assertThat(r.tags().get("cloudsweep:backup-of")).contains(VOLUME));
        assertThat(receipt).startsWith("delete_volume " + VOLUME + " (request ");
        assertThat(restored).contains("created from " + snapshot + " in us-east-1a (gp2, 100 GiB").contains("not attached");
        assertThat(live()).noneMatch(r -> r.ref().id().equals(VOLUME));
        EbsVolume volume = live().stream().filter(r -> r instanceof EbsVolume v && restored.contains(v.ref().id())).map(EbsVolume.class::cast)
                .findFirst().orElseThrow();
        assertThat(volume.volumeType()).isEqualTo(VolumeType.GP2);
        assertThat(volume.sizeGib()).isEqualTo(100);
        assertThat(volume.availabilityZone()).isEqualTo("us-east-1a");
        assertThat(volume.tags()).isEqualTo(Tags.of("team", "data"));
    }

    @Test
    void everyCallACleanupMakesIsGrantedByTheScanAndCleanupPolicies() {
        Finding finding = finding(VOLUME);
        CleanupPlan plan = CleanupPlan.forAction(finding.action());
        String snapshot = actions.backUp(finding, "F-14", plan, progress::add);
        actions.act(finding, plan, snapshot);
        actions.undo(finding, plan, snapshot);

        Set<String> granted = new TreeSet<>(Iam.SCAN_POLICY);
        granted.addAll(Iam.CLEANUP_POLICY);
        Set<String> called = new TreeSet<>(fake.callsByAction().keySet());
        called.remove(Iam.STS_GET_CALLER_IDENTITY);

        assertThat(granted).containsAll(called);
        assertThat(called).contains("ec2:CreateSnapshot", "ec2:DeleteVolume", "ec2:CreateVolume");
    }

    @Test
    void aReleasedAddressIsReclaimedWhenNoOneHasTakenIt() {
        Finding finding = finding(ADDRESS);
        CleanupPlan plan = CleanupPlan.forAction(finding.action());

        String recorded = actions.backUp(finding, "F-18", plan, progress::add);
        actions.act(finding, plan, recorded);
        String reclaimed = actions.undo(finding, plan, recorded);

        assertThat(recorded).isEqualTo("54.210.33.17");
        assertThat(reclaimed).startsWith("address 54.210.33.17 reclaimed as eipalloc-");
        assertThat(live()).filteredOn(r -> r instanceof ElasticIp ip && ip.publicIp().equals("54.210.33.17")).singleElement()
                .satisfies(r -> assertThat(r.ref().id()).isNotEqualTo(ADDRESS));
    }

    @Test
    void anAddressSomeoneElseHoldsCannotBeReclaimedAndTheUndoSaysSoPlainly() {
        Finding finding = finding(ADDRESS);
        CleanupPlan plan = CleanupPlan.forAction(finding.action());

        assertThatThrownBy(() -> actions.undo(finding, plan, "54.210.33.17"))
                .isInstanceOf(InventoryException.class)
                .hasMessageContaining("AWS could not give back 54.210.33.17")
                .hasMessageContaining("only while no one else holds it");
    }

    @Test
    void aSecondDeleteOfAVolumeFailsWithAwsReason() {
        Finding finding = finding(VOLUME);
        CleanupPlan plan = CleanupPlan.forAction(finding.action());
        actions.act(finding, plan, "snap-x");

        assertThatThrownBy(() -> actions.act(finding, plan, "snap-x")).isInstanceOf(InventoryException.class)
                .hasMessageContaining("InvalidVolume.NotFound");
    }
}
