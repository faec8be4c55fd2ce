package io.cloudsweep.engine.cleanup;

import io.cloudsweep.engine.model.Action;
import io.cloudsweep.engine.model.ActionParameters;
import io.cloudsweep.engine.model.EbsVolume;
import io.cloudsweep.engine.model.LoadBalancer;
import io.cloudsweep.engine.model.VolumeType;
import io.cloudsweep.engine.model.Region;
import io.cloudsweep.engine.model.ResourceRef;
import io.cloudsweep.engine.model.Tags;
import io.cloudsweep.engine.demo.DemoCloud;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CleanupPlanTest {

    @ParameterizedTest
    @CsvSource({
            "delete_volume, SNAPSHOT, ec2:DeleteVolume",
            "terminate_instance, MACHINE_IMAGE, ec2:TerminateInstances",
            "delete_db_instance, FINAL_DB_SNAPSHOT, rds:DeleteDBInstance",
            "release_address, RECORD_ADDRESS, ec2:ReleaseAddress",
            "modify_volume_type, NONE, ec2:ModifyVolume",
            "stop_instance, NONE, ec2:StopInstances",
            "stop_db_instance, NONE, rds:StopDBInstance"})
    void destructiveActionsAreBackedUpFirstAndDeclareTheirPermission(String action, Action.Backup backup, String permission) {
        CleanupPlan plan = CleanupPlan.forAction(Action.fromId(action));

        assertThat(plan.backupKind()).isEqualTo(backup);
        assertThat(plan.iamActions()).contains(permission);
    }

    @ParameterizedTest
    @EnumSource(Action.class)
    void everyActionHasAPlanThatSaysHowItIsUndoneOrThatItCannotBe(Action action) {
        CleanupPlan plan = CleanupPlan.forAction(action);

        assertThat(plan.action()).isEqualTo(action);
        assertThat(plan.undo()).isNotBlank();
        assertThat(plan.undoable() || plan.undo().startsWith("none")).isTrue();
        assertThat(plan.iamActions()).isNotEmpty().allMatch(permission -> permission.matches("[a-z0-9]+:[A-Za-z]+"));
    }

    @ParameterizedTest
    @EnumSource(Action.class)
    void everyActionsRiskIsItsOwnDefaultUnlessConfigured(Action action) {
        assertThat(new io.cloudsweep.engine.approval.RiskPolicy(io.cloudsweep.engine.approval.RiskPolicy.Parameters.defaults())
                .riskOf(action, Tags.NONE)).isEqualTo(action.defaultRisk());
    }

    @Test
    void typedParametersGoToTheStoreAsFieldsAndComeBackTheSame() {
        List<ActionParameters> all = List.of(ActionParameters.NONE, ActionParameters.VolumeTypeChange.fromGp2(VolumeType.GP3, 3000, 250),
                new ActionParameters.VolumeTypeChange(VolumeType.IO2, 40_000, 0, VolumeType.IO1, 40_000, 0),
                new ActionParameters.VolumeTypeChange(VolumeType.GP3, 5000, 1250 / 5, VolumeType.IO1, 5000, 0),
                new ActionParameters.InstanceTypeChange("t3.large", "t2.large"),
                new ActionParameters.LoadBalancerDeletion(LoadBalancer.Kind.NETWORK));

        assertThat(all).allSatisfy(parameters -> assertThat(ActionParameters.read(parameters.fields())).isEqualTo(parameters));
        assertThat(ActionParameters.read(Map.of("kind", "volume_type_change", "to", "gp3", "iops", "3000", "throughput_mibps", "125")))
                .as("stored before the former type was kept: gp2").isEqualTo(ActionParameters.VolumeTypeChange.fromGp2(VolumeType.GP3, 3000, 125));
        assertThatThrownBy(() -> ActionParameters.read(Map.of("kind", "volume_type_change", "to", "gp3"))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aVolumeTypeChangeTookEffectWhenTheVolumeHasTheTypeItsParametersAskFor() {
        CleanupPlan toGp3 = new CleanupPlan(Action.MODIFY_VOLUME_TYPE, ActionParameters.VolumeTypeChange.fromGp2(VolumeType.GP3, 3000, 125));
        EbsVolume gp2 = volume(VolumeType.GP2);
        EbsVolume gp3 = volume(VolumeType.GP3);

        assertThat(toGp3.tookEffect(Optional.of(gp2))).isFalse();
        assertThat(toGp3.tookEffect(Optional.of(gp3))).isTrue();
        assertThat(CleanupPlan.forAction(Action.DELETE_VOLUME).tookEffect(Optional.empty())).isTrue();
        assertThat(CleanupPlan.forAction(Action.DELETE_VOLUME).tookEffect(Optional.of(gp2))).isFalse();
    }

    private static EbsVolume volume(VolumeType type) {
        Region region = Region.of("us-east-1");
        return new EbsVolume(ResourceRef.ebsVolume(DemoCloud.ACCOUNT, region, "vol-1"), Tags.NONE, java.time.Instant.EPOCH, type, 100, 3000, 125,
                EbsVolume.State.IN_USE, "us-east-1a", List.of("i-1"), Optional.empty());
    }

    @Test
    void snapshotsAndLoadBalancersCannotBeUndoneAndSaySo() {
        assertThat(CleanupPlan.forAction(Action.DELETE_SNAPSHOT).undoable()).isFalse();
        assertThat(CleanupPlan.forAction(Action.DELETE_LOAD_BALANCER).undoable()).isFalse();
        assertThat(CleanupPlan.forAction(Action.RELEASE_ADDRESS).undo()).contains("only if no one else has taken it");
    }
}
