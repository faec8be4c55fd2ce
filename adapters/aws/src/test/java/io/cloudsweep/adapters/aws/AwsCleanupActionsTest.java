package io.cloudsweep.adapters.aws;

import io.cloudsweep.adapters.aws.fake.FakeAws;
import io.cloudsweep.engine.approval.RiskPolicy;
import io.cloudsweep.engine.cleanup.CleanupPlan;
import io.cloudsweep.engine.config.Settings;
import io.cloudsweep.engine.demo.DemoCloud;
import io.cloudsweep.engine.model.EbsSnapshot;
import io.cloudsweep.engine.model.EbsVolume;
import io.cloudsweep.engine.model.Ec2Instance;
import io.cloudsweep.engine.model.ElasticIp;
import io.cloudsweep.engine.model.Finding;
import io.cloudsweep.engine.model.RdsInstance;
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
    void everyCallMadeIsGrantedByThePolicies() {
        Set<String> granted = new TreeSet<>(Iam.SCAN_POLICY);
        granted.addAll(Iam.CLEANUP_POLICY);
        granted.add(Iam.STS_GET_CALLER_IDENTITY);
        assertThat(granted).containsAll(fake.callsByAction().keySet());
    }

    @AfterEach
    void close() {
        cloud.close();
        fake.close();
    }

    private Finding finding(String resourceId) {
        return finding(resourceId, Settings.empty());
    }

    private Finding finding(String resourceId, Settings settings) {
        return new ScanService(demo, RuleSet.standard(settings), new Pricer(PriceBook.embedded()),
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
        CleanupPlan plan = CleanupPlan.of(finding);

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
        CleanupPlan plan = CleanupPlan.of(finding);
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
        CleanupPlan plan = CleanupPlan.of(finding);

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
        CleanupPlan plan = CleanupPlan.of(finding);

        assertThatThrownBy(() -> actions.undo(finding, plan, "54.210.33.17"))
                .isInstanceOf(InventoryException.class)
                .hasMessageContaining("AWS could not give back 54.210.33.17")
                .hasMessageContaining("only while no one else holds it");
    }

    /** Backs up, acts and undoes {@code resourceId}'s finding; returns what the undo said. */
    private String cleanUpAndUndo(Finding finding, java.util.function.Predicate<List<Resource>> afterAction) {
        CleanupPlan plan = CleanupPlan.of(finding);
        String backup = actions.backUp(finding, "F-1", plan, progress::add);
        String receipt = actions.act(finding, plan, backup);
        assertThat(receipt).startsWith(finding.action().id() + " " + finding.resource().id() + " (request ");
        assertThat(afterAction).as("the live resources after " + finding.action().id()).accepts(live(finding));
        return actions.undo(finding, plan, backup);
    }

    private List<Resource> live(Finding finding) {
        return cloud.describe(DemoCloud.ACCOUNT, finding.resource().region()).resources();
    }

    private static <R extends Resource> R one(List<Resource> resources, Class<R> type, String id) {
        return resources.stream().filter(type::isInstance).map(type::cast).filter(r -> r.ref().id().equals(id)).findFirst().orElseThrow();
    }

    @Test
    void anIdleInstanceIsStoppedAndStartedAgain() {
        Finding finding = finding("i-0a7c31e2b9d4f5004");

        String undone = cleanUpAndUndo(finding, after -> one(after, Ec2Instance.class, "i-0a7c31e2b9d4f5004").state() == Ec2Instance.State.STOPPED);

        assertThat(undone).startsWith("instance i-0a7c31e2b9d4f5004 started");
        assertThat(one(live(finding), Ec2Instance.class, "i-0a7c31e2b9d4f5004").state()).isEqualTo(Ec2Instance.State.RUNNING);
    }

    @Test
    void aLongStoppedInstanceIsImagedTerminatedAndRelaunchedFromItsImageWithItsTypeAndTags() {
        Finding finding = finding("i-0a7c31e2b9d4f5002");
        Ec2Instance before = one(live(finding), Ec2Instance.class, "i-0a7c31e2b9d4f5002");

        String undone = cleanUpAndUndo(finding, after -> after.stream().noneMatch(r -> r.ref().id().equals("i-0a7c31e2b9d4f5002")));

        assertThat(progress).anyMatch(line -> line.contains("without reboot")).anyMatch(line -> line.endsWith(" available"));
        assertThat(undone).containsPattern("instance (i-[0-9a-f]+) launched from ami-[0-9a-f]+ as " + before.instanceType());
        Ec2Instance relaunched = live(finding).stream().filter(r -> r instanceof Ec2Instance i && undone.contains(i.ref().id()))
                .map(Ec2Instance.class::cast).findFirst().orElseThrow();
        assertThat(relaunched.instanceType()).isEqualTo(before.instanceType());
        assertThat(relaunched.tags()).isEqualTo(before.tags());
    }

    @Test
    void anIdleDatabaseIsStoppedAndStartedAgain() {
        Finding finding = finding("analytics-old");

        String undone = cleanUpAndUndo(finding, after -> one(after, RdsInstance.class, "analytics-old").status().equals("stopped"));

        assertThat(undone).startsWith("database analytics-old started");
        assertThat(one(live(finding), RdsInstance.class, "analytics-old").status()).isEqualTo("available");
    }

    @Test
    void aDatabaseDeletedWithAFinalSnapshotIsRestoredFromIt() {
        Finding finding = finding("analytics-old", Settings.of(java.util.Map.of("rules.rds-idle.action", "delete")));

        String undone = cleanUpAndUndo(finding, after -> after.stream().noneMatch(r -> r.ref().id().equals("analytics-old")));

        assertThat(undone).startsWith("database analytics-old is being restored from cloudsweep-final-analytics-old-f-1");
        assertThat(one(live(finding), RdsInstance.class, "analytics-old").status()).isEqualTo("creating");
    }

    @Test
    void aQuietAttachedVolumeIsSnapshottedDetachedDeletedAndAttachedAgainAtItsDeviceByUndo() {
        String quiet = "vol-0e41b7c2d9a3f0111";
        String web = "i-0a7c31e2b9d4f5001";
        Finding finding = finding(quiet);
        String device = fake.deviceOf(one(live(finding), Ec2Instance.class, web), quiet);

        String undone = cleanUpAndUndo(finding, after -> after.stream().noneMatch(r -> r.ref().id().equals(quiet))
                && !one(after, Ec2Instance.class, web).volumeIds().contains(quiet));

        assertThat(fake.calls("ec2:DetachVolume")).isEqualTo(1);
        assertThat(device).isEqualTo("/dev/sdh");
        assertThat(undone).containsPattern("volume (vol-[0-9a-f]+) created from snap-[0-9a-f]+ and attached to " + web + " at " + device);
        EbsVolume restored = live(finding).stream().filter(r -> r instanceof EbsVolume v && undone.contains(v.ref().id()))
                .map(EbsVolume.class::cast).findFirst().orElseThrow();
        assertThat(restored.attachedInstanceIds()).containsExactly(web);
        assertThat(restored.volumeType()).isEqualTo(VolumeType.GP3);
        assertThat(restored.sizeGib()).isEqualTo(200);
        assertThat(fake.attachedDevice(restored.ref().id())).contains(device);
        assertThat(one(live(finding), Ec2Instance.class, web).volumeIds()).contains(restored.ref().id());
    }

    @Test
    void aVolumeFoundDetachedAlreadyIsOnlyDeleted() {
        String quiet = "vol-0e41b7c2d9a3f0111";
        Finding finding = finding(quiet);
        CleanupPlan plan = CleanupPlan.of(finding);
        String backup = actions.backUp(finding, "F-2", plan, progress::add);
        try (Connection other = new Connection(AwsOptions.defaults().withEndpoint(fake.endpoint()).withCredentials(KEYS), new RequestBuckets())) {
            other.ec2(software.amazon.awssdk.regions.Region.US_EAST_1).detachVolume(r -> r.volumeId(quiet)); // a run cut short after its detach
        }

        String receipt = actions.act(finding, plan, backup);

        assertThat(receipt).startsWith("detach_and_delete_volume " + quiet + " (request ");
        assertThat(fake.calls("ec2:DetachVolume")).as("the detach of the first run, none again").isEqualTo(1);
        assertThat(live(finding)).noneMatch(r -> r.ref().id().equals(quiet));
    }

    @Test
    void aPreviousGenerationInstanceIsStoppedChangedStartedAndChangedBackByUndo() {
        String jenkins = "i-0a7c31e2b9d4f5008";
        Finding finding = finding(jenkins);

        String undone = cleanUpAndUndo(finding, after -> one(after, Ec2Instance.class, jenkins).instanceType().equals("t3.large")
                && one(after, Ec2Instance.class, jenkins).state() == Ec2Instance.State.RUNNING);

        assertThat(undone).startsWith("instance " + jenkins + " changed back: modify_instance_type " + jenkins + " (request ").endsWith("now t2.large");
        assertThat(one(live(finding), Ec2Instance.class, jenkins).instanceType()).isEqualTo("t2.large");
        assertThat(fake.calls("ec2:StopInstances")).isEqualTo(2);
        assertThat(fake.calls("ec2:ModifyInstanceAttribute")).isEqualTo(2);
        assertThat(fake.calls("ec2:StartInstances")).isEqualTo(2);
    }

    @Test
    void anUnusedImageIsDeregisteredWithItsSnapshotsInOneCall() {
        Finding finding = finding("ami-0b5d7e9f1a3c50303");
        CleanupPlan plan = CleanupPlan.of(finding);

        String receipt = actions.act(finding, plan, actions.backUp(finding, "F-1", plan, progress::add));

        assertThat(receipt).startsWith("deregister_image ami-0b5d7e9f1a3c50303 (request ");
        assertThat(live()).noneMatch(r -> r.ref().id().equals("ami-0b5d7e9f1a3c50303") || r.ref().id().equals("snap-03f9a1c5e7b2d0207"));
        assertThat(live()).as("the other images of the family and their snapshots stay")
                .anyMatch(r -> r.ref().id().equals("ami-0b5d7e9f1a3c50302")).anyMatch(r -> r.ref().id().equals("snap-03f9a1c5e7b2d0206"));
        assertThat(fake.calls("ec2:DeleteSnapshot")).as("AWS deletes them with the image").isZero();
        assertThatThrownBy(() -> actions.undo(finding, plan, "none")).hasMessageContaining("cannot be brought back");
    }

    @Test
    void aGp2VolumeBecomesGp3AndGoesBack() {
        Finding finding = finding("vol-0e41b7c2d9a3f0104");

        String undone = cleanUpAndUndo(finding, after -> one(after, EbsVolume.class, "vol-0e41b7c2d9a3f0104").volumeType() == VolumeType.GP3);

        assertThat(undone).startsWith("volume vol-0e41b7c2d9a3f0104 is changing back to gp2");
        assertThat(one(live(finding), EbsVolume.class, "vol-0e41b7c2d9a3f0104").volumeType()).isEqualTo(VolumeType.GP2);
    }

    @Test
    void anOldSnapshotIdleLoadBalancersAndAnIdleNatGatewayAreDeletedAndTheUndoSaysTheyCannotComeBack() {
        for (String id : List.of("snap-03f9a1c5e7b2d0201", "legacy-elb", "old-promo", "nat-0a1b2c3d4e5f60701", "legacy-crm-final")) {
            Finding finding = finding(id);
            CleanupPlan plan = CleanupPlan.of(finding);

            actions.act(finding, plan, actions.backUp(finding, "F-1", plan, progress::add));

            assertThat(live(finding)).noneMatch(r -> r.ref().id().equals(id));
            assertThatThrownBy(() -> actions.undo(finding, plan, "none")).hasMessageContaining("cannot be brought back");
        }
    }

    @Test
    void aSecondDeleteOfAVolumeFailsWithAwsReason() {
        Finding finding = finding(VOLUME);
        CleanupPlan plan = CleanupPlan.of(finding);
        actions.act(finding, plan, "snap-x");

        assertThatThrownBy(() -> actions.act(finding, plan, "snap-x")).isInstanceOf(InventoryException.class)
                .hasMessageContaining("InvalidVolume.NotFound");
    }
}
