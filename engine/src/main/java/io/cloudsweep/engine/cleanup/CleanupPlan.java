package io.cloudsweep.engine.cleanup;

import io.cloudsweep.engine.model.Action;

import java.util.List;
import java.util.Objects;

/**
 * How a cleanup of each action goes: the backup taken before it, how it is undone, and the IAM actions the
 * backup, the action and its undo call (the cleanup policy in {@code manifests/aws} grants exactly their union; checking the
 * live resource before acting uses the scan policy's read actions).
 * Pure: decided in the core, carried out by the shell.
 *
 * @param backup what is kept before acting, in words for the card
 * @param undo   how the cleanup is undone, in words for the card; says so plainly when it cannot be
 */
public record CleanupPlan(Action action, Backup backupKind, String backup, String undo, boolean undoable, List<String> iamActions) {

    /** The kinds of backup, each with the wait it needs before the action may go ahead. */
    public enum Backup {
        /** An EBS snapshot of the volume, waited for until completed. */
        SNAPSHOT,
        /** An AMI of the instance (no reboot), waited for until available. */
        MACHINE_IMAGE,
        /** A final DB snapshot, taken by RDS as part of the delete. */
        FINAL_DB_SNAPSHOT,
        /** The address is written down; AWS may or may not give it back. */
        RECORD_ADDRESS,
        /** Nothing to keep: the action is reversible as it stands (stop, change type) or removes only a backup. */
        NONE
    }

    public CleanupPlan {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(backupKind, "backupKind");
        iamActions = List.copyOf(iamActions);
    }

    public static CleanupPlan forAction(Action action) {
        return switch (action) {
            case DELETE_VOLUME -> new CleanupPlan(action, Backup.SNAPSHOT, "a snapshot of the volume, tagged with the finding",
                    "a new volume from the snapshot, same type, size, IOPS, throughput, zone and tags (not re-attached)", true,
                    List.of("ec2:DescribeVolumes", "ec2:DescribeSnapshots", "ec2:CreateSnapshot", "ec2:CreateTags", "ec2:DeleteVolume",
                            "ec2:CreateVolume"));
            case MODIFY_VOLUME_TYPE -> new CleanupPlan(action, Backup.NONE, "none needed: the change is made in place",
                    "change the volume back to gp2", true,
                    List.of("ec2:ModifyVolume"));
            case DELETE_SNAPSHOT -> new CleanupPlan(action, Backup.NONE, "none: the snapshot is itself a backup nothing uses",
                    "none: a deleted snapshot cannot be brought back", false,
                    List.of("ec2:DeleteSnapshot"));
            case RELEASE_ADDRESS -> new CleanupPlan(action, Backup.RECORD_ADDRESS, "the address is recorded",
                    "ask AWS for the same address again; AWS gives it back only if no one else has taken it", true,
                    List.of("ec2:DescribeAddresses", "ec2:ReleaseAddress", "ec2:AllocateAddress"));
            case TERMINATE_INSTANCE -> new CleanupPlan(action, Backup.MACHINE_IMAGE, "an AMI of the instance, without reboot",
                    "launch a new instance from the AMI with the recorded type, subnet and security groups", true,
                    List.of("ec2:DescribeInstances", "ec2:DescribeImages", "ec2:CreateImage", "ec2:CreateTags", "ec2:TerminateInstances",
                            "ec2:RunInstances"));
            case STOP_INSTANCE -> new CleanupPlan(action, Backup.NONE, "none needed: a stopped instance keeps its volumes",
                    "start the instance again", true, List.of("ec2:StopInstances", "ec2:StartInstances"));
            case STOP_DB_INSTANCE -> new CleanupPlan(action, Backup.NONE, "none needed: a stopped database keeps its storage",
                    "start the database again (RDS restarts a stopped database by itself after 7 days)", true,
                    List.of("rds:StopDBInstance", "rds:StartDBInstance"));
            case DELETE_DB_INSTANCE -> new CleanupPlan(action, Backup.FINAL_DB_SNAPSHOT, "a final snapshot of the database",
                    "restore the database from its final snapshot", true,
                    List.of("rds:DeleteDBInstance", "rds:CreateDBSnapshot", "rds:RestoreDBInstanceFromDBSnapshot"));
            case DELETE_LOAD_BALANCER -> new CleanupPlan(action, Backup.NONE, "none: nothing of a load balancer can be kept",
                    "none: a deleted load balancer cannot be brought back", false,
                    List.of("elasticloadbalancing:DeleteLoadBalancer"));
        };
    }
}
