package io.cloudsweep.engine.cleanup;

import io.cloudsweep.engine.model.Action;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

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
    void destructiveActionsAreBackedUpFirstAndDeclareTheirPermission(String action, CleanupPlan.Backup backup, String permission) {
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

    @Test
    void snapshotsAndLoadBalancersCannotBeUndoneAndSaySo() {
        assertThat(CleanupPlan.forAction(Action.DELETE_SNAPSHOT).undoable()).isFalse();
        assertThat(CleanupPlan.forAction(Action.DELETE_LOAD_BALANCER).undoable()).isFalse();
        assertThat(CleanupPlan.forAction(Action.RELEASE_ADDRESS).undo()).contains("only if no one else has taken it");
    }
}
