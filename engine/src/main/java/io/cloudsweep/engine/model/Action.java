package io.cloudsweep.engine.model;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What CloudSweep recommends doing about a finding, each with everything about it in one place: its words, the risk
 * it carries unless configured otherwise, the backup kept before it and the undo after it (or why there is none),
 * the IAM permissions its backup, action and undo call (the cleanup policy in {@code manifests/aws} grants exactly
 * their union, a test keeps it so), and how the live resource shows that it took effect. The executors (AWS, demo)
 * register one implementation per action; a finding's typed {@link ActionParameters} say what exactly to do.
 * {@link #id()} is stable and appears in JSON, CSV, the database and the configuration. Pure.
 */
public enum Action {
    DELETE_VOLUME("delete_volume", "delete the volume (after a backup snapshot)", Risk.MEDIUM,
            Backup.SNAPSHOT, "a snapshot of the volume, tagged with the finding",
            Undo.by("a new volume from the snapshot, same type, size, IOPS, throughput, zone and tags (not re-attached)"),
            List.of("ec2:DescribeVolumes", "ec2:DescribeSnapshots", "ec2:CreateSnapshot", "ec2:CreateTags", "ec2:DeleteVolume", "ec2:CreateVolume"),
            Effect.GONE),
    DETACH_AND_DELETE_VOLUME("detach_and_delete_volume", "detach the volume and delete it (after a backup snapshot)", Risk.MEDIUM,
            Backup.SNAPSHOT, "a snapshot of the volume, tagged with the finding and where it was attached",
            Undo.by("a new volume from the snapshot, same type, size, IOPS, throughput, zone and tags, attached again to the same"
                    + " instance at the same device"),
            List.of("ec2:DescribeVolumes", "ec2:DescribeSnapshots", "ec2:CreateSnapshot", "ec2:CreateTags", "ec2:DetachVolume",
                    "ec2:DeleteVolume", "ec2:CreateVolume", "ec2:AttachVolume"),
            Effect.GONE),
    MODIFY_VOLUME_TYPE("modify_volume_type", "change the volume type in place", Risk.LOW,
            Backup.NONE, "none needed: the change is made in place",
            Undo.by("change the volume back to its former type, IOPS and throughput (AWS allows one change to a volume every 6 hours)"),
            List.of("ec2:ModifyVolume"),
            Effect.VOLUME_TYPE_CHANGED),
    DELETE_SNAPSHOT("delete_snapshot", "delete the snapshot", Risk.LOW,
            Backup.NONE, "none: the snapshot is itself a backup nothing uses",
            Undo.impossible("a deleted snapshot cannot be brought back"),
            List.of("ec2:DeleteSnapshot"),
            Effect.GONE),
    RELEASE_ADDRESS("release_address", "release the address", Risk.LOW,
            Backup.RECORD_ADDRESS, "the address is recorded",
            Undo.by("ask AWS for the same address again; AWS gives it back only if no one else has taken it"),
            List.of("ec2:DescribeAddresses", "ec2:ReleaseAddress", "ec2:AllocateAddress"),
            Effect.GONE),
    TERMINATE_INSTANCE("terminate_instance", "terminate the instance (after an AMI backup)", Risk.HIGH,
            Backup.MACHINE_IMAGE, "an AMI of the instance, without reboot",
            Undo.by("launch a new instance from the AMI with the recorded type, subnet and security groups"),
            List.of("ec2:DescribeInstances", "ec2:DescribeImages", "ec2:CreateImage", "ec2:CreateTags", "ec2:TerminateInstances", "ec2:RunInstances"),
            Effect.GONE),
    STOP_INSTANCE("stop_instance", "stop the instance", Risk.MEDIUM,
            Backup.NONE, "none needed: a stopped instance keeps its volumes",
            Undo.by("start the instance again"),
            List.of("ec2:StopInstances", "ec2:StartInstances"),
            Effect.INSTANCE_STOPPED),
    MODIFY_INSTANCE_TYPE("modify_instance_type", "change the instance type (stop it, change the type, start it)", Risk.HIGH,
            Backup.NONE, "none needed: the instance keeps its volumes, and its former type is recorded",
            Undo.by("stop it, change the type back and start it again"),
            List.of("ec2:StopInstances", "ec2:ModifyInstanceAttribute", "ec2:StartInstances"),
            Effect.INSTANCE_TYPE_CHANGED),
    STOP_DB_INSTANCE("stop_db_instance", "stop the database", Risk.HIGH,
            Backup.NONE, "none needed: a stopped database keeps its storage",
            Undo.by("start the database again (RDS restarts a stopped database by itself after 7 days)"),
            List.of("rds:StopDBInstance", "rds:StartDBInstance"),
            Effect.DATABASE_STOPPED),
    DELETE_DB_INSTANCE("delete_db_instance", "delete the database (after a final snapshot)", Risk.HIGH,
            Backup.FINAL_DB_SNAPSHOT, "a final snapshot of the database",
            Undo.by("restore the database from its final snapshot"),
            List.of("rds:DeleteDBInstance", "rds:CreateDBSnapshot", "rds:RestoreDBInstanceFromDBSnapshot"),
            Effect.GONE),
    DELETE_NAT_GATEWAY("delete_nat_gateway", "delete the NAT gateway", Risk.MEDIUM,
            Backup.NONE, "none: its subnet, Elastic IPs and the route tables through it are in the finding's evidence",
            Undo.impossible("a deleted NAT gateway cannot be brought back; a new one in the same subnet with the same Elastic IP gets a new"
                    + " id, and the routes must be pointed at it again"),
            List.of("ec2:DeleteNatGateway"),
            Effect.GONE),
    DEREGISTER_IMAGE("deregister_image", "deregister the AMI and delete its snapshots", Risk.MEDIUM,
            Backup.NONE, "none: the image and its snapshots are what is deleted",
            Undo.impossible("a deregistered AMI whose snapshots are deleted cannot be brought back, unless a Recycle Bin retention"
                    + " rule keeps them"),
            List.of("ec2:DeregisterImage", "ec2:DeleteSnapshot"),
            Effect.GONE),
    DELETE_DB_SNAPSHOT("delete_db_snapshot", "delete the DB snapshot", Risk.HIGH,
            Backup.NONE, "none: the snapshot is itself the backup, of a database that no longer exists",
            Undo.impossible("a deleted DB snapshot cannot be brought back; copy it first (or export it to S3) to keep its data"),
            List.of("rds:DeleteDBSnapshot"),
            Effect.GONE),
    DELETE_LOAD_BALANCER("delete_load_balancer", "delete the load balancer", Risk.MEDIUM,
            Backup.NONE, "none: nothing of a load balancer can be kept",
            Undo.impossible("a deleted load balancer cannot be brought back"),
            List.of("elasticloadbalancing:DeleteLoadBalancer"),
            Effect.GONE);

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

    /** How the action is undone, in words for the card; or why it cannot be. */
    public record Undo(boolean possible, String words) {
        public Undo {
            Objects.requireNonNull(words, "words");
        }

        static Undo by(String how) {
            return new Undo(true, how);
        }

        static Undo impossible(String why) {
            return new Undo(false, "none: " + why);
        }

        /** Why it cannot be undone, as a clause; how it is undone when it can. */
        public String why() {
            return possible ? words : words.substring("none: ".length());
        }
    }

    /** How the live resource shows the action done, to tell after a crash whether it took effect. */
    public enum Effect {
        /** Gone: deleted, released, terminated (a volume being deleted counts). */
        GONE,
        /** The instance is stopped or stopping. */
        INSTANCE_STOPPED,
        /** The database is stopped or stopping. */
        DATABASE_STOPPED,
        /** The volume has the type the finding's parameters ask for. */
        VOLUME_TYPE_CHANGED,
        /** The instance runs again, with the type the finding's parameters ask for. */
        INSTANCE_TYPE_CHANGED;

        boolean shownBy(Optional<Resource> live, ActionParameters parameters) {
            return switch (this) {
                case GONE -> live.isEmpty() || live.get() instanceof Ec2Instance instance && instance.state() == Ec2Instance.State.TERMINATED
                        || live.get() instanceof EbsVolume volume && volume.state() == EbsVolume.State.DELETING;
                case INSTANCE_STOPPED -> live.isPresent() && live.get() instanceof Ec2Instance instance
                        && (instance.state() == Ec2Instance.State.STOPPED || instance.state() == Ec2Instance.State.STOPPING);
                case DATABASE_STOPPED -> live.isPresent() && live.get() instanceof RdsInstance database
                        && (database.status().equals("stopped") || database.status().equals("stopping"));
                case VOLUME_TYPE_CHANGED -> live.isPresent() && live.get() instanceof EbsVolume volume
                        && parameters instanceof ActionParameters.VolumeTypeChange change && volume.volumeType() == change.to();
                case INSTANCE_TYPE_CHANGED -> live.isPresent() && live.get() instanceof Ec2Instance instance
                        && parameters instanceof ActionParameters.InstanceTypeChange change && instance.instanceType().equals(change.to())
                        && (instance.state() == Ec2Instance.State.RUNNING || instance.state() == Ec2Instance.State.PENDING);
            };
        }
    }

    private final String id;
    private final String description;
    private final Risk defaultRisk;
    private final Backup backup;
    private final String backupWords;
    private final Undo undo;
    private final List<String> iamPermissions;
    private final Effect effect;

    Action(String id, String description, Risk defaultRisk, Backup backup, String backupWords, Undo undo, List<String> iamPermissions,
           Effect effect) {
        this.id = id;
        this.description = description;
        this.defaultRisk = defaultRisk;
        this.backup = backup;
        this.backupWords = backupWords;
        this.undo = undo;
        this.iamPermissions = List.copyOf(iamPermissions);
        this.effect = effect;
    }

    public String id() {
        return id;
    }

    public String description() {
        return description;
    }

    /** The risk of the action unless {@code risk.action.<id>} says otherwise (production tags make any action high risk). */
    public Risk defaultRisk() {
        return defaultRisk;
    }

    public Backup backup() {
        return backup;
    }

    /** The backup in words, for the card. */
    public String backupWords() {
        return backupWords;
    }

    public Undo undo() {
        return undo;
    }

    /** The IAM permissions its backup, action and undo call (checking the live resource uses the scan policy's). */
    public List<String> iamPermissions() {
        return iamPermissions;
    }

    /** Whether {@code live} (the resource as AWS shows it now, empty when gone) shows this action done. */
    public boolean tookEffect(Optional<Resource> live, ActionParameters parameters) {
        return effect.shownBy(live, parameters);
    }

    /**
     * Whether the live resource shows this action begun but not finished, as after a crash between its calls: a
     * volume detached but not yet deleted, an instance stopped to change its type. Such a cleanup goes on without judging the resource again, since its own
     * first call changed what the rule sees.
     */
    public boolean begunBy(Optional<Resource> live) {
        return switch (this) {
            case DETACH_AND_DELETE_VOLUME -> live.isPresent() && live.get() instanceof EbsVolume volume && volume.state() == EbsVolume.State.AVAILABLE;
            case MODIFY_INSTANCE_TYPE -> live.isPresent() && live.get() instanceof Ec2Instance instance
                    && (instance.state() == Ec2Instance.State.STOPPED || instance.state() == Ec2Instance.State.STOPPING);
            default -> false;
        };
    }

    public static Action fromId(String id) {
        for (Action action : values()) {
            if (action.id.equals(id)) {
                return action;
            }
        }
        throw new IllegalArgumentException("unknown action '" + id + "'");
    }
}
