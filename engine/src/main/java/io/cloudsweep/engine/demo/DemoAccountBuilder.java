package io.cloudsweep.engine.demo;

import io.cloudsweep.engine.model.Account;
import io.cloudsweep.engine.model.EbsSnapshot;
import io.cloudsweep.engine.model.EbsVolume;
import io.cloudsweep.engine.model.Ec2Instance;
import io.cloudsweep.engine.model.ElasticIp;
import io.cloudsweep.engine.model.LoadBalancer;
import io.cloudsweep.engine.model.MachineImage;
import io.cloudsweep.engine.model.NatGateway;
import io.cloudsweep.engine.model.Metric;
import io.cloudsweep.engine.model.RdsInstance;
import io.cloudsweep.engine.model.RdsSnapshot;
import io.cloudsweep.engine.model.Region;
import io.cloudsweep.engine.model.Resource;
import io.cloudsweep.engine.model.ResourceRef;
import io.cloudsweep.engine.model.Tags;
import io.cloudsweep.engine.model.VolumeType;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Builds the demo's resources with times relative to one moment. Not thread-safe; used once. */
final class DemoAccountBuilder {

    private static final DateTimeFormatter REASON_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private final Account account;
    private final Instant now;
    private final Map<Region, List<Resource>> resources = new LinkedHashMap<>();
    private final Map<ResourceRef, Map<Metric, DemoMetrics.Profile>> profiles = new HashMap<>();

    DemoAccountBuilder(Account account, Instant now) {
        this.account = account;
        this.now = now.truncatedTo(ChronoUnit.SECONDS);
    }

    Account account() {
        return account;
    }

    Instant daysAgo(int days) {
        return now.minus(Duration.ofDays(days)).minus(Duration.ofHours(3));
    }

    /** The UTC date {@code days} days ago, as people write it in tags. */
    String dateDaysAgo(int days) {
        return now.minus(Duration.ofDays(days)).atOffset(ZoneOffset.UTC).toLocalDate().toString();
    }

    EbsVolume volume(Region region, String id, VolumeType type, int sizeGib, int iops, int throughput,
                     String attachedTo, int createdDaysAgo, Tags tags) {
        EbsVolume volume = new EbsVolume(ResourceRef.ebsVolume(account, region, id), tags, daysAgo(createdDaysAgo), type,
                sizeGib, iops, throughput, attachedTo == null ? EbsVolume.State.AVAILABLE : EbsVolume.State.IN_USE,
                region + "a", attachedTo == null ? List.of() : List.of(attachedTo), Optional.empty());
        return add(volume);
    }

    EbsSnapshot snapshot(Region region, String id, String volumeId, int sizeGib, int ageDays, String ownerId, Tags tags) {
        return add(new EbsSnapshot(ResourceRef.ebsSnapshot(account, region, id), tags, daysAgo(ageDays), volumeId, sizeGib,
                ownerId, EbsSnapshot.State.COMPLETED, "demo snapshot of " + volumeId));
    }

    MachineImage image(Region region, String id, String name, int ageDays, String... snapshotIds) {
        return launchableImage(region, id, name, ageDays, List.of(), snapshotIds);
    }

    /** An image the named launch templates or configurations launch. */
    MachineImage launchableImage(Region region, String id, String name, int ageDays, List<String> launchedBy, String... snapshotIds) {
        return add(new MachineImage(ResourceRef.ami(account, region, id), Tags.of("Name", name), name, daysAgo(ageDays),
                MachineImage.State.AVAILABLE, List.of(snapshotIds), launchedBy));
    }

    /** The instance, as launched from {@code imageId}. */
    Ec2Instance launchedFrom(Ec2Instance instance, String imageId) {
        Ec2Instance launched = new Ec2Instance(instance.ref(), instance.tags(), instance.instanceType(), instance.state(), instance.launchedAt(),
                instance.stateChangedAt(), instance.stateTransitionReason(), instance.platform(), instance.availabilityZone(),
                instance.volumeIds(), instance.rootVolumeId(), Optional.of(imageId));
        resources.get(instance.ref().region()).replaceAll(resource -> resource.ref().equals(instance.ref()) ? launched : resource);
        return launched;
    }

    ElasticIp address(Region region, String allocationId, String publicIp, String instanceId, String networkInterfaceId, Tags tags) {
        boolean associated = instanceId != null || networkInterfaceId != null;
        return add(new ElasticIp(ResourceRef.elasticIp(account, region, allocationId), tags, publicIp,
                associated ? Optional.of("eipassoc-" + allocationId.substring("eipalloc-".length())) : Optional.empty(),
                Optional.ofNullable(instanceId), Optional.ofNullable(networkInterfaceId)));
    }

    Ec2Instance running(Region region, String id, String type, int launchedDaysAgo, Tags tags, String... volumeIds) {
        return add(new Ec2Instance(ResourceRef.ec2Instance(account, region, id), tags, type, Ec2Instance.State.RUNNING,
                daysAgo(launchedDaysAgo), Optional.empty(), "", "Linux/UNIX", region + "a", List.of(volumeIds), root(volumeIds)));
    }

    /** The demo lists an instance's root volume first. */
    private static Optional<String> root(String... volumeIds) {
        return volumeIds.length == 0 ? Optional.empty() : Optional.of(volumeIds[0]);
    }

    /** A stopped instance; like AWS, only its state transition reason says when it stopped. */
    Ec2Instance stopped(Region region, String id, String type, int stoppedDaysAgo, Tags tags, String... volumeIds) {
        String reason = "User initiated (" + REASON_TIME.format(daysAgo(stoppedDaysAgo).atOffset(ZoneOffset.UTC)) + " GMT)";
        return add(new Ec2Instance(ResourceRef.ec2Instance(account, region, id), tags, type, Ec2Instance.State.STOPPED,
                daysAgo(stoppedDaysAgo + 60), Optional.empty(), reason, "Linux/UNIX", region + "a", List.of(volumeIds), root(volumeIds)));
    }

    RdsInstance database(Region region, String id, String engine, String instanceClass, int storageGib, int createdDaysAgo, Tags tags) {
        return add(new RdsInstance(ResourceRef.rdsInstance(account, region, id), tags, instanceClass, engine, "available",
                daysAgo(createdDaysAgo), false, storageGib, "gp2"));
    }

    RdsSnapshot dbSnapshot(Region region, String id, String dbInstanceIdentifier, int ageDays, int storageGib, String engine) {
        return add(new RdsSnapshot(ResourceRef.rdsSnapshot(account, region, id), Tags.NONE, dbInstanceIdentifier, daysAgo(ageDays), storageGib,
                engine, "available"));
    }

    NatGateway natGateway(Region region, String id, int createdDaysAgo, String allocationId, String routeTableId, Tags tags) {
        return add(new NatGateway(ResourceRef.natGateway(account, region, id), tags, daysAgo(createdDaysAgo), "vpc-0" + Math.floorMod(region.code().hashCode(), 1000),
                "subnet-0public" + region.code().charAt(0), List.of(allocationId), routeTableId == null ? List.of() : List.of(routeTableId)));
    }

    LoadBalancer loadBalancer(Region region, LoadBalancer.Kind kind, String name, String idSuffix, int createdDaysAgo,
                              int registered, int healthy, Tags tags) {
        String arnSuffix = switch (kind) {
            case APPLICATION -> "app/" + name + "/" + idSuffix;
            case NETWORK -> "net/" + name + "/" + idSuffix;
            case CLASSIC -> name;
        };
        return add(new LoadBalancer(ResourceRef.loadBalancer(account, region, name, arnSuffix), tags, kind,
                daysAgo(createdDaysAgo), registered, healthy));
    }

    void metric(Resource resource, Metric metric, DemoMetrics.Profile profile) {
        profiles.computeIfAbsent(resource.ref(), ref -> new EnumMap<>(Metric.class)).put(metric, profile);
    }

    Map<Region, List<Resource>> resourcesByRegion() {
        Map<Region, List<Resource>> copy = new LinkedHashMap<>();
        resources.forEach((region, list) -> copy.put(region, List.copyOf(list)));
        return Map.copyOf(copy);
    }

    Map<ResourceRef, Map<Metric, DemoMetrics.Profile>> profiles() {
        Map<ResourceRef, Map<Metric, DemoMetrics.Profile>> copy = new HashMap<>();
        profiles.forEach((ref, byMetric) -> copy.put(ref, Map.copyOf(byMetric)));
        return Map.copyOf(copy);
    }

    private <R extends Resource> R add(R resource) {
        resources.computeIfAbsent(resource.ref().region(), region -> new ArrayList<>()).add(resource);
        return resource;
    }
}
