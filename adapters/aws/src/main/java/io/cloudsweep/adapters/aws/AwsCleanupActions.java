package io.cloudsweep.adapters.aws;

import io.cloudsweep.engine.cleanup.ActionExecutor;
import io.cloudsweep.engine.cleanup.CleanupActions;
import io.cloudsweep.engine.cleanup.CleanupPlan;
import io.cloudsweep.engine.model.Action;
import io.cloudsweep.engine.model.ActionParameters;
import io.cloudsweep.engine.model.Finding;
import io.cloudsweep.engine.model.LoadBalancer;
import io.cloudsweep.engine.model.VolumeType;
import software.amazon.awssdk.regions.Region;
import io.cloudsweep.engine.scan.InventoryException;
import software.amazon.awssdk.awscore.AwsResponse;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Image;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Snapshot;
import software.amazon.awssdk.services.ec2.model.SnapshotState;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;
import software.amazon.awssdk.services.ec2.model.Volume;
import software.amazon.awssdk.services.ec2.model.VolumeState;
import software.amazon.awssdk.services.rds.RdsClient;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Cleanups on AWS: each call declares its IAM action (the cleanup policy in {@code manifests/aws} grants exactly
 * those of {@link CleanupPlan#iamActions()}), and each receipt carries AWS's request id for the audit. Backups
 * carry what the undo needs in their tags (a volume's zone, type, IOPS, throughput and tags; an instance's
 * type, subnet and security groups), so an undo works from the backup alone, on any replica. Thread-safe.
 */
final class AwsCleanupActions implements CleanupActions {

    static final String BACKUP_OF = "cloudsweep:backup-of";
    static final String FINDING = "cloudsweep:finding";
    private static final String ZONE = "cloudsweep:zone";
    private static final String TYPE = "cloudsweep:type";
    private static final String IOPS = "cloudsweep:iops";
    private static final String THROUGHPUT = "cloudsweep:throughput";
    private static final String SUBNET = "cloudsweep:subnet";
    private static final String SECURITY_GROUPS = "cloudsweep:security-groups";
    private static final String ATTACHED_TO = "cloudsweep:attached-to";
    private static final String DEVICE = "cloudsweep:device";
    private static final String ORIGINAL_TAG = "cloudsweep:tag:";

    private final Connection connection;
    private final Clock clock;
    private final Duration pollEvery;
    private final Duration longestWait;
    private final ActionExecutor.Registry executors = executors();

    AwsCleanupActions(Connection connection, Clock clock, Duration pollEvery, Duration longestWait) {
        this.connection = connection;
        this.clock = clock;
        this.pollEvery = pollEvery;
        this.longestWait = longestWait;
    }

    @Override
    public String backUp(Finding finding, String findingLabel, CleanupPlan plan, Consumer<String> progress) {
        Region region = Region.of(finding.resource().region().code());
        String id = finding.resource().id();
        return switch (plan.backupKind()) {
            case SNAPSHOT -> snapshotVolume(connection.ec2(region), id, findingLabel, progress);
            case MACHINE_IMAGE -> imageInstance(connection.ec2(region), id, findingLabel, progress);
            case FINAL_DB_SNAPSHOT -> "cloudsweep-final-" + id + "-" + findingLabel.toLowerCase(Locale.ROOT);
            case RECORD_ADDRESS -> Iam.call(Iam.EC2_DESCRIBE_ADDRESSES, () -> connection.ec2(region)
                    .describeAddresses(r -> r.allocationIds(id))).addresses().get(0).publicIp();
            case NONE -> "none";
        };
    }

    private String snapshotVolume(Ec2Client ec2, String volumeId, String findingLabel, Consumer<String> progress) {
        Optional<Snapshot> earlier = Iam.call(Iam.EC2_DESCRIBE_SNAPSHOTS, () -> ec2.describeSnapshots(r -> r.ownerIds("self")
                .filters(tagFilter(BACKUP_OF, volumeId), tagFilter(FINDING, findingLabel)))).snapshots().stream()
                .filter(snapshot -> snapshot.state() != SnapshotState.ERROR).findFirst();
        String snapshotId;
        if (earlier.isPresent()) {
            snapshotId = earlier.get().snapshotId();
            progress.accept("snapshot " + snapshotId + " of " + volumeId + " was started before; waiting for it");
        } else {
            Volume volume = Iam.call(Iam.EC2_DESCRIBE_VOLUMES, () -> ec2.describeVolumes(r -> r.volumeIds(volumeId))).volumes().get(0);
            Map<String, String> tags = new LinkedHashMap<>();
            tags.put(BACKUP_OF, volumeId);
            tags.put(FINDING, findingLabel);
            tags.put("Name", "cloudsweep backup of " + volumeId);
            tags.put(ZONE, volume.availabilityZone());
            tags.put(TYPE, volume.volumeTypeAsString());
            Optional.ofNullable(volume.iops()).ifPresent(iops -> tags.put(IOPS, String.valueOf(iops)));
            Optional.ofNullable(volume.throughput()).ifPresent(throughput -> tags.put(THROUGHPUT, String.valueOf(throughput)));
            volume.attachments().stream().findFirst().ifPresent(attachment -> {
                tags.put(ATTACHED_TO, attachment.instanceId());
                tags.put(DEVICE, attachment.device());
            });
            volume.tags().forEach(tag -> tags.put(ORIGINAL_TAG + tag.key(), tag.value()));
            var created = Iam.call(Iam.EC2_CREATE_SNAPSHOT, () -> ec2.createSnapshot(r -> r.volumeId(volumeId)
                    .description("CloudSweep backup of " + volumeId + " before deleting it (" + findingLabel + ")")
                    .tagSpecifications(tagSpecification(ResourceType.SNAPSHOT, tags))));
            snapshotId = created.snapshotId();
            progress.accept("snapshot " + snapshotId + " of " + volumeId + " started (" + requestId(created) + ")");
        }
        waitFor("snapshot " + snapshotId, progress, () -> {
            Snapshot snapshot = Iam.call(Iam.EC2_DESCRIBE_SNAPSHOTS, () -> ec2.describeSnapshots(r -> r.snapshotIds(snapshotId))).snapshots().get(0);
            if (snapshot.state() == SnapshotState.ERROR) {
                throw new InventoryException("snapshot " + snapshotId + " failed: " + snapshot.stateMessage() + "; the volume was not deleted");
            }
            if (snapshot.state() == SnapshotState.COMPLETED) {
                return Optional.of("completed");
            }
            progress.accept("snapshot " + snapshotId + " " + Optional.ofNullable(snapshot.progress()).orElse("pending"));
            return Optional.empty();
        });
        return snapshotId;
    }

    private String imageInstance(Ec2Client ec2, String instanceId, String findingLabel, Consumer<String> progress) {
        Optional<Image> earlier = Iam.call(Iam.EC2_DESCRIBE_IMAGES, () -> ec2.describeImages(r -> r.owners("self")
                .filters(tagFilter(BACKUP_OF, instanceId), tagFilter(FINDING, findingLabel)))).images().stream()
                .filter(image -> !image.stateAsString().equals("failed")).findFirst();
        String imageId;
        if (earlier.isPresent()) {
            imageId = earlier.get().imageId();
            progress.accept("AMI " + imageId + " of " + instanceId + " was started before; waiting for it");
        } else {
            Instance instance = Iam.call(Iam.EC2_DESCRIBE_INSTANCES, () -> ec2.describeInstances(r -> r.instanceIds(instanceId)))
                    .reservations().get(0).instances().get(0);
            Map<String, String> tags = new LinkedHashMap<>();
            tags.put(BACKUP_OF, instanceId);
            tags.put(FINDING, findingLabel);
            tags.put(TYPE, instance.instanceTypeAsString());
            Optional.ofNullable(instance.subnetId()).ifPresent(subnet -> tags.put(SUBNET, subnet));
            tags.put(SECURITY_GROUPS, String.join(",", instance.securityGroups().stream().map(group -> group.groupId()).toList()));
            instance.tags().forEach(tag -> tags.put(ORIGINAL_TAG + tag.key(), tag.value()));
            var created = Iam.call(Iam.EC2_CREATE_IMAGE, () -> ec2.createImage(r -> r.instanceId(instanceId).noReboot(true)
                    .name("cloudsweep-" + instanceId + "-" + findingLabel + "-" + clock.millis())
                    .tagSpecifications(tagSpecification(ResourceType.IMAGE, tags))));
            imageId = created.imageId();
            progress.accept("AMI " + imageId + " of " + instanceId + " started, without reboot (" + requestId(created) + ")");
        }
        waitFor("AMI " + imageId, progress, () -> {
            Image image = Iam.call(Iam.EC2_DESCRIBE_IMAGES, () -> ec2.describeImages(r -> r.imageIds(imageId))).images().get(0);
            if (image.stateAsString().equals("failed")) {
                throw new InventoryException("AMI " + imageId + " failed; the instance was not terminated");
            }
            return image.stateAsString().equals("available") ? Optional.of("available") : Optional.empty();
        });
        return imageId;
    }

    @Override
    public String act(Finding finding, CleanupPlan plan, String backupId) {
        return executors.act(finding, plan, backupId);
    }

    @Override
    public String undo(Finding finding, CleanupPlan plan, String backupId) {
        return executors.undo(finding, plan, backupId);
    }

    /** Each action's AWS calls, to act and to undo, each under the IAM permission it needs. */
    private ActionExecutor.Registry executors() {
        Map<Action, ActionExecutor> executors = new EnumMap<>(Action.class);
        executors.put(Action.DELETE_VOLUME, new ActionExecutor(
                (finding, plan, backup) -> receipt(finding, Iam.call(Iam.EC2_DELETE_VOLUME, () -> ec2(finding).deleteVolume(r -> r.volumeId(id(finding))))),
                this::restoreVolume));
        executors.put(Action.DETACH_AND_DELETE_VOLUME, new ActionExecutor(this::detachAndDeleteVolume, this::restoreAndAttachVolume));
        executors.put(Action.DELETE_SNAPSHOT, ActionExecutor.irreversible(
                (finding, plan, backup) -> receipt(finding, Iam.call(Iam.EC2_DELETE_SNAPSHOT, () -> ec2(finding).deleteSnapshot(r -> r.snapshotId(id(finding)))))));
        executors.put(Action.RELEASE_ADDRESS, new ActionExecutor(
                (finding, plan, backup) -> receipt(finding, Iam.call(Iam.EC2_RELEASE_ADDRESS, () -> ec2(finding).releaseAddress(r -> r.allocationId(id(finding))))),
                this::reclaimAddress));
        executors.put(Action.TERMINATE_INSTANCE, new ActionExecutor(
                (finding, plan, backup) -> receipt(finding, Iam.call(Iam.EC2_TERMINATE_INSTANCES,
                        () -> ec2(finding).terminateInstances(r -> r.instanceIds(id(finding))))),
                this::relaunchInstance));
        executors.put(Action.STOP_INSTANCE, new ActionExecutor(
                (finding, plan, backup) -> receipt(finding, Iam.call(Iam.EC2_STOP_INSTANCES, () -> ec2(finding).stopInstances(r -> r.instanceIds(id(finding))))),
                (finding, plan, backup) -> "instance " + id(finding) + " started (" + requestId(Iam.call(Iam.EC2_START_INSTANCES,
                        () -> ec2(finding).startInstances(r -> r.instanceIds(id(finding))))) + ")"));
        executors.put(Action.MODIFY_VOLUME_TYPE, new ActionExecutor(this::changeVolumeType, this::changeVolumeTypeBack));
        executors.put(Action.MODIFY_INSTANCE_TYPE, new ActionExecutor(
                (finding, plan, backup) -> changeInstanceType(finding, instanceTypeChange(finding, plan).to()),
                (finding, plan, backup) -> "instance " + id(finding) + " changed back: " + changeInstanceType(finding, instanceTypeChange(finding, plan).from())));
        executors.put(Action.STOP_DB_INSTANCE, new ActionExecutor(
                (finding, plan, backup) -> receipt(finding, Iam.call(Iam.RDS_STOP_DB_INSTANCE,
                        () -> rds(finding).stopDBInstance(r -> r.dbInstanceIdentifier(id(finding))))),
                (finding, plan, backup) -> "database " + id(finding) + " started (" + requestId(Iam.call(Iam.RDS_START_DB_INSTANCE,
                        () -> rds(finding).startDBInstance(r -> r.dbInstanceIdentifier(id(finding))))) + ")"));
        executors.put(Action.DELETE_DB_INSTANCE, new ActionExecutor(
                (finding, plan, backup) -> receipt(finding, Iam.call(Iam.RDS_DELETE_DB_INSTANCE, () -> rds(finding).deleteDBInstance(r -> r
                        .dbInstanceIdentifier(id(finding)).skipFinalSnapshot(false).finalDBSnapshotIdentifier(backup)))),
                (finding, plan, backup) -> "database " + id(finding) + " is being restored from " + backup + " (" + requestId(Iam.call(
                        Iam.RDS_RESTORE_DB_INSTANCE_FROM_DB_SNAPSHOT, () -> rds(finding).restoreDBInstanceFromDBSnapshot(r -> r
                                .dbInstanceIdentifier(id(finding)).dbSnapshotIdentifier(backup)))) + ")"));
        executors.put(Action.DELETE_LOAD_BALANCER, ActionExecutor.irreversible(this::deleteLoadBalancer));
        executors.put(Action.DEREGISTER_IMAGE, ActionExecutor.irreversible(
                (finding, plan, backup) -> receipt(finding, Iam.call(Iam.EC2_DEREGISTER_IMAGE,
                        () -> ec2(finding).deregisterImage(r -> r.imageId(id(finding)).deleteAssociatedSnapshots(true))))));
        executors.put(Action.DELETE_DB_SNAPSHOT, ActionExecutor.irreversible(
                (finding, plan, backup) -> receipt(finding, Iam.call(Iam.RDS_DELETE_DB_SNAPSHOT,
                        () -> rds(finding).deleteDBSnapshot(r -> r.dbSnapshotIdentifier(id(finding)))))));
        executors.put(Action.DELETE_NAT_GATEWAY, ActionExecutor.irreversible(
                (finding, plan, backup) -> receipt(finding, Iam.call(Iam.EC2_DELETE_NAT_GATEWAY,
                        () -> ec2(finding).deleteNatGateway(r -> r.natGatewayId(id(finding)))))));
        return ActionExecutor.Registry.of(executors);
    }

    private Ec2Client ec2(Finding finding) {
        return connection.ec2(Region.of(finding.resource().region().code()));
    }

    private RdsClient rds(Finding finding) {
        return connection.rds(Region.of(finding.resource().region().code()));
    }

    private static String id(Finding finding) {
        return finding.resource().id();
    }

    private static String receipt(Finding finding, AwsResponse response) {
        return finding.action().id() + " " + id(finding) + " (" + requestId(response) + ")";
    }

    /** To the type, IOPS and throughput the finding's rule chose (gp2 to gp3 keeps at least gp2's baseline), in place. */
    private String changeVolumeType(Finding finding, CleanupPlan plan, String backupId) {
        ActionParameters.VolumeTypeChange change = volumeTypeChange(finding, plan);
        return receipt(finding, modifyVolume(finding, change.to(), change.iops(), change.throughputMibps()));
    }

    /** Back to the type, IOPS and throughput the volume had. */
    private String changeVolumeTypeBack(Finding finding, CleanupPlan plan, String backupId) {
        ActionParameters.VolumeTypeChange change = volumeTypeChange(finding, plan);
        return "volume " + id(finding) + " is changing back to " + change.from().apiName() + " ("
                + requestId(modifyVolume(finding, change.from(), change.fromIops(), change.fromThroughputMibps())) + ")";
    }

    private static ActionParameters.VolumeTypeChange volumeTypeChange(Finding finding, CleanupPlan plan) {
        if (!(plan.parameters() instanceof ActionParameters.VolumeTypeChange change)) {
            throw new IllegalStateException("the finding does not say what to change " + id(finding) + " to; scan again");
        }
        return change;
    }

    /** ModifyVolume with only what the type takes: IOPS for io1, io2 and gp3, throughput for gp3; 0 leaves a setting out. */
    private AwsResponse modifyVolume(Finding finding, VolumeType type, int iops, int throughputMibps) {
        return Iam.call(Iam.EC2_MODIFY_VOLUME, () -> ec2(finding).modifyVolume(r -> {
            r.volumeId(id(finding)).volumeType(type.apiName());
            if (iops > 0 && (type == VolumeType.IO1 || type == VolumeType.IO2 || type == VolumeType.GP3)) {
                r.iops(iops);
            }
            if (throughputMibps > 0 && type == VolumeType.GP3) {
                r.throughput(throughputMibps);
            }
        }));
    }

    /**
     * Stops the instance (waiting until it is stopped), changes its type, starts it. Idempotent: an instance found stopped
     * (a run cut short) is not stopped again, and one found with the type already is only started.
     */
    private String changeInstanceType(Finding finding, String type) {
        Ec2Client ec2 = ec2(finding);
        String instanceId = id(finding);
        List<String> requests = new ArrayList<>();
        Instance instance = instance(ec2, instanceId);
        if (instance.state().name() != InstanceStateName.STOPPED) {
            if (instance.state().name() != InstanceStateName.STOPPING) {
                requests.add(requestId(Iam.call(Iam.EC2_STOP_INSTANCES, () -> ec2.stopInstances(r -> r.instanceIds(instanceId)))));
            }
            waitFor("stop of " + instanceId, progress -> { }, () -> instance(ec2, instanceId).state().name() == InstanceStateName.STOPPED
                    ? Optional.of("done") : Optional.empty());
        }
        if (!instance(ec2, instanceId).instanceTypeAsString().equals(type)) {
            requests.add(requestId(Iam.call(Iam.EC2_MODIFY_INSTANCE_ATTRIBUTE, () -> ec2.modifyInstanceAttribute(r -> r.instanceId(instanceId)
                    .instanceType(value -> value.value(type))))));
        }
        requests.add(requestId(Iam.call(Iam.EC2_START_INSTANCES, () -> ec2.startInstances(r -> r.instanceIds(instanceId)))));
        return finding.action().id() + " " + instanceId + " (" + String.join(", ", requests) + "): now " + type;
    }

    private static Instance instance(Ec2Client ec2, String instanceId) {
        return Iam.call(Iam.EC2_DESCRIBE_INSTANCES, () -> ec2.describeInstances(r -> r.instanceIds(instanceId))).reservations().get(0)
                .instances().get(0);
    }

    private static ActionParameters.InstanceTypeChange instanceTypeChange(Finding finding, CleanupPlan plan) {
        if (!(plan.parameters() instanceof ActionParameters.InstanceTypeChange change)) {
            throw new IllegalStateException("the finding does not say what type to change " + id(finding) + " to; scan again");
        }
        return change;
    }

    /** Application and network load balancers by ARN (ELBv2), classic ones by name (ELB): the finding says which kind. */
    private String deleteLoadBalancer(Finding finding, CleanupPlan plan, String backupId) {
        if (!(plan.parameters() instanceof ActionParameters.LoadBalancerDeletion deletion)) {
            throw new IllegalStateException("the finding does not say what kind of load balancer " + id(finding) + " is; scan again");
        }
        Region region = Region.of(finding.resource().region().code());
        return receipt(finding, deletion.kind() == LoadBalancer.Kind.CLASSIC
                ? Iam.call(Iam.ELB_DELETE_LOAD_BALANCER, () -> connection.elb(region).deleteLoadBalancer(r -> r.loadBalancerName(id(finding))))
                : Iam.call(Iam.ELB_DELETE_LOAD_BALANCER, () -> connection.elbv2(region).deleteLoadBalancer(r -> r
                        .loadBalancerArn(finding.resource().arn()))));
    }

    /**
     * Detaches the volume, waits until it is available, and deletes it. A volume found detached already (a run cut short
     * after its detach) is only deleted.
     */
    private String detachAndDeleteVolume(Finding finding, CleanupPlan plan, String backupId) {
        Ec2Client ec2 = ec2(finding);
        String volumeId = id(finding);
        List<String> requests = new ArrayList<>();
        if (!volume(ec2, volumeId).attachments().isEmpty()) {
            requests.add(requestId(Iam.call(Iam.EC2_DETACH_VOLUME, () -> ec2.detachVolume(r -> r.volumeId(volumeId)))));
            waitFor("detach of " + volumeId, progress -> { }, () -> volume(ec2, volumeId).state() == VolumeState.AVAILABLE
                    ? Optional.of("done") : Optional.empty());
        }
        requests.add(requestId(Iam.call(Iam.EC2_DELETE_VOLUME, () -> ec2.deleteVolume(r -> r.volumeId(volumeId)))));
        return finding.action().id() + " " + volumeId + " (" + String.join(", ", requests) + ")";
    }

    private static Volume volume(Ec2Client ec2, String volumeId) {
        return Iam.call(Iam.EC2_DESCRIBE_VOLUMES, () -> ec2.describeVolumes(r -> r.volumeIds(volumeId))).volumes().get(0);
    }

    /** A new volume from the backup snapshot, as the snapshot's tags recorded the old one. */
    private String restoreVolume(Finding finding, CleanupPlan plan, String backupId) {
        Restored restored = createVolumeFrom(ec2(finding), backupId);
        return "volume " + restored.volumeId() + " created from " + backupId + " in " + restored.tags().get(ZONE) + " ("
                + restored.tags().get(TYPE) + ", " + restored.sizeGib() + " GiB, with the old volume's tags); it is not attached to any"
                + " instance (" + restored.request() + ")";
    }

    /** A new volume from the backup snapshot, attached again where the snapshot's tags say the old one was, once it is available. */
    private String restoreAndAttachVolume(Finding finding, CleanupPlan plan, String backupId) {
        Ec2Client ec2 = ec2(finding);
        Restored restored = createVolumeFrom(ec2, backupId);
        String instanceId = restored.tags().get(ATTACHED_TO);
        String device = restored.tags().get(DEVICE);
        if (instanceId == null || device == null) {
            return "volume " + restored.volumeId() + " created from " + backupId + "; the backup does not say where the old volume was"
                    + " attached, so it is not attached (" + restored.request() + ")";
        }
        waitFor("volume " + restored.volumeId(), progress -> { }, () -> volume(ec2, restored.volumeId()).state() == VolumeState.AVAILABLE
                ? Optional.of("available") : Optional.empty());
        try {
            var attached = Iam.call(Iam.EC2_ATTACH_VOLUME, () -> ec2.attachVolume(r -> r.volumeId(restored.volumeId())
                    .instanceId(instanceId).device(device)));
            return "volume " + restored.volumeId() + " created from " + backupId + " and attached to " + instanceId + " at " + device
                    + " (" + restored.request() + ", " + requestId(attached) + ")";
        } catch (InventoryException e) {
            throw new InventoryException("volume " + restored.volumeId() + " was created from " + backupId + " but could not be attached to "
                    + instanceId + " at " + device + ": " + e.getMessage() + "; attach it by hand", e);
        }
    }

    private record Restored(String volumeId, int sizeGib, Map<String, String> tags, String request) {
    }

    private Restored createVolumeFrom(Ec2Client ec2, String backupId) {
        Snapshot snapshot = Iam.call(Iam.EC2_DESCRIBE_SNAPSHOTS, () -> ec2.describeSnapshots(r -> r.snapshotIds(backupId))).snapshots().get(0);
        Map<String, String> tags = tagMap(snapshot.tags());
        Map<String, String> original = originalTags(tags);
        var created = Iam.call(Iam.EC2_CREATE_VOLUME, () -> ec2.createVolume(r -> {
            r.snapshotId(backupId).availabilityZone(tags.get(ZONE)).volumeType(tags.get(TYPE)).size(snapshot.volumeSize());
            Optional.ofNullable(tags.get(IOPS)).filter(v -> !tags.get(TYPE).equals("gp2")).map(Integer::valueOf).ifPresent(r::iops);
            Optional.ofNullable(tags.get(THROUGHPUT)).map(Integer::valueOf).ifPresent(r::throughput);
            if (!original.isEmpty()) {
                r.tagSpecifications(tagSpecification(ResourceType.VOLUME, original));
            }
        }));
        return new Restored(created.volumeId(), snapshot.volumeSize(), tags, requestId(created));
    }

    private String reclaimAddress(Finding finding, CleanupPlan plan, String backupId) {
        try {
            var allocated = Iam.call(Iam.EC2_ALLOCATE_ADDRESS, () -> ec2(finding).allocateAddress(r -> r.domain("vpc").address(backupId)));
            return "address " + backupId + " reclaimed as " + allocated.allocationId() + " (" + requestId(allocated) + ")";
        } catch (InventoryException e) {
            throw new InventoryException("AWS could not give back " + backupId + " (" + e.getMessage()
                    + "); once released, an address can be reclaimed only while no one else holds it", e);
        }
    }

    /** A new instance from the backup AMI, with the type, subnet, security groups and tags its tags recorded. */
    private String relaunchInstance(Finding finding, CleanupPlan plan, String backupId) {
        Ec2Client ec2 = ec2(finding);
        Image image = Iam.call(Iam.EC2_DESCRIBE_IMAGES, () -> ec2.describeImages(r -> r.imageIds(backupId))).images().get(0);
        Map<String, String> tags = tagMap(image.tags());
        Map<String, String> original = originalTags(tags);
        var run = Iam.call(Iam.EC2_RUN_INSTANCES, () -> ec2.runInstances(r -> {
            r.imageId(backupId).instanceType(tags.get(TYPE)).minCount(1).maxCount(1);
            Optional.ofNullable(tags.get(SUBNET)).ifPresent(r::subnetId);
            Optional.ofNullable(tags.get(SECURITY_GROUPS)).filter(groups -> !groups.isBlank()).map(groups -> List.of(groups.split(",")))
                    .ifPresent(r::securityGroupIds);
            if (!original.isEmpty()) {
                r.tagSpecifications(tagSpecification(ResourceType.INSTANCE, original));
            }
        }));
        return "instance " + run.instances().get(0).instanceId() + " launched from " + backupId + " as " + tags.get(TYPE)
                + Optional.ofNullable(tags.get(SUBNET)).map(subnet -> " in " + subnet).orElse("") + " (" + requestId(run) + ")";
    }

    /**
     * Polls {@code check} until it says done, telling {@code progress}; gives up after the longest wait. The first checks
     * come after a second, then two, doubling up to {@code pollEvery}: a small snapshot is ready in seconds.
     */
    private void waitFor(String what, Consumer<String> progress, Supplier<Optional<String>> check) {
        Instant giveUp = clock.instant().plus(longestWait);
        Duration delay = Duration.ofSeconds(1).compareTo(pollEvery) < 0 ? Duration.ofSeconds(1) : pollEvery;
        while (true) {
            Optional<String> done = check.get();
            if (done.isPresent()) {
                progress.accept(what + " " + done.get());
                return;
            }
            if (clock.instant().isAfter(giveUp)) {
                throw new InventoryException(what + " was not ready after " + longestWait.toMinutes() + " minutes; nothing was deleted,"
                        + " and a later run will wait for the same backup");
            }
            try {
                Thread.sleep(delay.toMillis());
                delay = delay.multipliedBy(2).compareTo(pollEvery) < 0 ? delay.multipliedBy(2) : pollEvery;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InventoryException("interrupted while waiting for " + what, e);
            }
        }
    }

    private static Filter tagFilter(String key, String value) {
        return Filter.builder().name("tag:" + key).values(value).build();
    }

    private static TagSpecification tagSpecification(ResourceType type, Map<String, String> tags) {
        List<Tag> list = new ArrayList<>();
        tags.forEach((key, value) -> list.add(Tag.builder().key(key).value(value).build()));
        return TagSpecification.builder().resourceType(type).tags(list).build();
    }

    private static Map<String, String> tagMap(List<Tag> tags) {
        Map<String, String> map = new LinkedHashMap<>();
        tags.forEach(tag -> map.put(tag.key(), tag.value()));
        return map;
    }

    private static Map<String, String> originalTags(Map<String, String> backupTags) {
        Map<String, String> original = new LinkedHashMap<>();
        backupTags.forEach((key, value) -> {
            if (key.startsWith(ORIGINAL_TAG)) {
                original.put(key.substring(ORIGINAL_TAG.length()), value);
            }
        });
        return original;
    }

    private static String requestId(AwsResponse response) {
        return "request " + Optional.ofNullable(response.responseMetadata().requestId()).orElse("unknown");
    }
}
