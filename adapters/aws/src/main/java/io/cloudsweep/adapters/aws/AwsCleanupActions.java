package io.cloudsweep.adapters.aws;

import io.cloudsweep.engine.cleanup.CleanupActions;
import io.cloudsweep.engine.cleanup.CleanupPlan;
import io.cloudsweep.engine.model.Finding;
import software.amazon.awssdk.regions.Region;
import io.cloudsweep.engine.scan.InventoryException;
import software.amazon.awssdk.awscore.AwsResponse;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Image;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Snapshot;
import software.amazon.awssdk.services.ec2.model.SnapshotState;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;
import software.amazon.awssdk.services.ec2.model.Volume;
import software.amazon.awssdk.services.rds.RdsClient;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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
    private static final String ORIGINAL_TAG = "cloudsweep:tag:";

    private final Connection connection;
    private final Clock clock;
    private final Duration pollEvery;
    private final Duration longestWait;

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
        Region region = Region.of(finding.resource().region().code());
        String id = finding.resource().id();
        Ec2Client ec2 = connection.ec2(region);
        RdsClient rds = connection.rds(region);
        AwsResponse response = switch (finding.action()) {
            case DELETE_VOLUME -> Iam.call(Iam.EC2_DELETE_VOLUME, () -> ec2.deleteVolume(r -> r.volumeId(id)));
            case DELETE_SNAPSHOT -> Iam.call(Iam.EC2_DELETE_SNAPSHOT, () -> ec2.deleteSnapshot(r -> r.snapshotId(id)));
            case RELEASE_ADDRESS -> Iam.call(Iam.EC2_RELEASE_ADDRESS, () -> ec2.releaseAddress(r -> r.allocationId(id)));
            case TERMINATE_INSTANCE -> Iam.call(Iam.EC2_TERMINATE_INSTANCES, () -> ec2.terminateInstances(r -> r.instanceIds(id)));
            case STOP_INSTANCE -> Iam.call(Iam.EC2_STOP_INSTANCES, () -> ec2.stopInstances(r -> r.instanceIds(id)));
            case MODIFY_VOLUME_TYPE -> Iam.call(Iam.EC2_MODIFY_VOLUME, () -> ec2.modifyVolume(r -> r.volumeId(id).volumeType("gp3")
                    .iops(Integer.valueOf(fact(finding, "gp3_iops", "3000"))).throughput(Integer.valueOf(fact(finding, "gp3_throughput_mibps", "125")))));
            case STOP_DB_INSTANCE -> Iam.call(Iam.RDS_STOP_DB_INSTANCE, () -> rds.stopDBInstance(r -> r.dbInstanceIdentifier(id)));
            case DELETE_DB_INSTANCE -> Iam.call(Iam.RDS_DELETE_DB_INSTANCE, () -> rds.deleteDBInstance(r -> r.dbInstanceIdentifier(id)
                    .skipFinalSnapshot(false).finalDBSnapshotIdentifier(backupId)));
            case DELETE_LOAD_BALANCER -> finding.resource().arn().contains(":loadbalancer/app/") || finding.resource().arn().contains(":loadbalancer/net/")
                    ? Iam.call(Iam.ELB_DELETE_LOAD_BALANCER, () -> connection.elbv2(region).deleteLoadBalancer(r -> r.loadBalancerArn(finding.resource().arn())))
                    : Iam.call(Iam.ELB_DELETE_LOAD_BALANCER, () -> connection.elb(region).deleteLoadBalancer(r -> r.loadBalancerName(id)));
        };
        return finding.action().id() + " " + id + " (" + requestId(response) + ")";
    }

    @Override
    public String undo(Finding finding, CleanupPlan plan, String backupId) {
        Region region = Region.of(finding.resource().region().code());
        String id = finding.resource().id();
        Ec2Client ec2 = connection.ec2(region);
        RdsClient rds = connection.rds(region);
        return switch (finding.action()) {
            case DELETE_VOLUME -> {
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
                yield "volume " + created.volumeId() + " created from " + backupId + " in " + tags.get(ZONE) + " (" + tags.get(TYPE) + ", "
                        + snapshot.volumeSize() + " GiB, with the old volume's tags); it is not attached to any instance ("
                        + requestId(created) + ")";
            }
            case RELEASE_ADDRESS -> {
                try {
                    var allocated = Iam.call(Iam.EC2_ALLOCATE_ADDRESS, () -> ec2.allocateAddress(r -> r.domain("vpc").address(backupId)));
                    yield "address " + backupId + " reclaimed as " + allocated.allocationId() + " (" + requestId(allocated) + ")";
                } catch (InventoryException e) {
                    throw new InventoryException("AWS could not give back " + backupId + " (" + e.getMessage()
                            + "); once released, an address can be reclaimed only while no one else holds it", e);
                }
            }
            case TERMINATE_INSTANCE -> {
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
                yield "instance " + run.instances().get(0).instanceId() + " launched from " + backupId + " as " + tags.get(TYPE)
                        + Optional.ofNullable(tags.get(SUBNET)).map(subnet -> " in " + subnet).orElse("") + " (" + requestId(run) + ")";
            }
            case STOP_INSTANCE -> "instance " + id + " started ("
                    + requestId(Iam.call(Iam.EC2_START_INSTANCES, () -> ec2.startInstances(r -> r.instanceIds(id)))) + ")";
            case STOP_DB_INSTANCE -> "database " + id + " started ("
                    + requestId(Iam.call(Iam.RDS_START_DB_INSTANCE, () -> rds.startDBInstance(r -> r.dbInstanceIdentifier(id)))) + ")";
            case DELETE_DB_INSTANCE -> "database " + id + " is being restored from " + backupId + " ("
                    + requestId(Iam.call(Iam.RDS_RESTORE_DB_INSTANCE_FROM_DB_SNAPSHOT, () -> rds.restoreDBInstanceFromDBSnapshot(r -> r
                    .dbInstanceIdentifier(id).dbSnapshotIdentifier(backupId)))) + ")";
            case MODIFY_VOLUME_TYPE -> "volume " + id + " is changing back to gp2 ("
                    + requestId(Iam.call(Iam.EC2_MODIFY_VOLUME, () -> ec2.modifyVolume(r -> r.volumeId(id).volumeType("gp2")))) + ")";
            case DELETE_SNAPSHOT, DELETE_LOAD_BALANCER -> throw new IllegalStateException(plan.undo());
        };
    }

    /** Polls {@code check} until it says done, telling {@code progress}; gives up after the longest wait. */
    private void waitFor(String what, Consumer<String> progress, Supplier<Optional<String>> check) {
        Instant giveUp = clock.instant().plus(longestWait);
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
                Thread.sleep(pollEvery.toMillis());
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

    private static String fact(Finding finding, String name, String otherwise) {
        return finding.evidence().stream().filter(fact -> fact.name().equals(name)).map(fact -> fact.value()).findFirst().orElse(otherwise);
    }

    private static String requestId(AwsResponse response) {
        return "request " + Optional.ofNullable(response.responseMetadata().requestId()).orElse("unknown");
    }
}
