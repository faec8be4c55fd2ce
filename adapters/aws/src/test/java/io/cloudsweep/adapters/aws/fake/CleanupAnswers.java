package io.cloudsweep.adapters.aws.fake;

import io.cloudsweep.engine.model.EbsSnapshot;
import io.cloudsweep.engine.model.EbsVolume;
import io.cloudsweep.engine.model.Ec2Instance;
import io.cloudsweep.engine.model.ElasticIp;
import io.cloudsweep.engine.model.LoadBalancer;
import io.cloudsweep.engine.model.MachineImage;
import io.cloudsweep.engine.model.NatGateway;
import io.cloudsweep.engine.model.RdsInstance;
import io.cloudsweep.engine.model.RdsSnapshot;
import io.cloudsweep.engine.model.Region;
import io.cloudsweep.engine.model.Resource;
import io.cloudsweep.engine.model.ResourceRef;
import io.cloudsweep.engine.model.Tags;
import io.cloudsweep.engine.model.VolumeType;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The calls cleanups make, answered as EC2, RDS and ELB answer them, changing the fake's state: a snapshot or
 * an AMI is pending when created and ready once described, a deleted volume is gone, a created volume is
 * available, a released address can be allocated again by its IP, a deleted database can be restored from
 * its final snapshot.
 */
final class CleanupAnswers {

    private static final String EC2_NS = "http://ec2.amazonaws.com/doc/2016-11-15/";
    private static final String RDS_NS = "http://rds.amazonaws.com/doc/2014-10-31/";
    private static final AtomicInteger IDS = new AtomicInteger();

    private final FakeAws fake;
    private final Region region;

    CleanupAnswers(FakeAws fake, Region region) {
        this.fake = fake;
        this.region = region;
    }

    Responses.Answer createSnapshot(Map<String, String> params) {
        Optional<EbsVolume> volume = find(EbsVolume.class, params.get("VolumeId"));
        if (volume.isEmpty()) {
            return notFound("InvalidVolume.NotFound", params.get("VolumeId"));
        }
        String id = "snap-0fa4e" + String.format("%012x", IDS.incrementAndGet());
        EbsSnapshot snapshot = new EbsSnapshot(ResourceRef.ebsSnapshot(fake.account, region, id), tags(params), fake.now,
                volume.get().ref().id(), volume.get().sizeGib(), fake.account.id(), EbsSnapshot.State.PENDING, params.getOrDefault("Description", ""));
        fake.changes.put(region.code(), snapshot);
        return ok("CreateSnapshotResponse", new Xml().text("snapshotId", id).text("volumeId", snapshot.volumeId()).text("status", "pending")
                .time("startTime", fake.now).text("progress", "0%").text("ownerId", fake.account.id()).text("volumeSize", snapshot.volumeSizeGib())
                .text("description", snapshot.description()));
    }

    /** A pending snapshot completes the first time it is described: long enough for a caller to have to wait. */
    void completePendingSnapshots() {
        for (Resource resource : fake.live(region)) {
            if (resource instanceof EbsSnapshot snapshot && snapshot.state() == EbsSnapshot.State.PENDING) {
                fake.changes.put(region.code(), new EbsSnapshot(snapshot.ref(), snapshot.tags(), snapshot.startedAt(), snapshot.volumeId(),
                        snapshot.volumeSizeGib(), snapshot.ownerId(), EbsSnapshot.State.COMPLETED, snapshot.description()));
            }
        }
    }

    Responses.Answer deleteVolume(Map<String, String> params) {
        Optional<EbsVolume> volume = find(EbsVolume.class, params.get("VolumeId"));
        if (volume.isEmpty()) {
            return notFound("InvalidVolume.NotFound", params.get("VolumeId"));
        }
        if (!volume.get().attachedInstanceIds().isEmpty()) {
            return new Responses.Answer(400, Responses.ec2Error("VolumeInUse", "Volume " + volume.get().ref().id() + " is currently attached"));
        }
        fake.changes.delete(region.code(), volume.get().ref().id());
        return ok("DeleteVolumeResponse", new Xml().text("return", "true"));
    }

    /** The volume is available at once, and gone from its instance's block devices. */
    Responses.Answer detachVolume(Map<String, String> params) {
        Optional<EbsVolume> volume = find(EbsVolume.class, params.get("VolumeId"));
        if (volume.isEmpty()) {
            return notFound("InvalidVolume.NotFound", params.get("VolumeId"));
        }
        EbsVolume before = volume.get();
        if (before.attachedInstanceIds().isEmpty()) {
            return new Responses.Answer(400, Responses.ec2Error("IncorrectState", "Volume '" + before.ref().id() + "' is in the 'available' state."));
        }
        String instanceId = before.attachedInstanceIds().get(0);
        Optional<Ec2Instance> instance = find(Ec2Instance.class, instanceId);
        String device = instance.map(i -> Responses.device(fake, i, before.ref().id())).orElse("/dev/sdf");
        fake.changes.put(region.code(), withAttachments(before, EbsVolume.State.AVAILABLE, List.of()));
        instance.ifPresent(i -> fake.changes.put(region.code(), withVolumes(i,
                i.volumeIds().stream().filter(id -> !id.equals(before.ref().id())).toList())));
        return ok("DetachVolumeResponse", new Xml().text("volumeId", before.ref().id()).text("instanceId", instanceId).text("device", device)
                .text("status", "detaching").time("attachTime", before.createdAt()));
    }

    /** Attaches an available volume to an instance of its zone, at the device asked for. */
    Responses.Answer attachVolume(Map<String, String> params) {
        Optional<EbsVolume> volume = find(EbsVolume.class, params.get("VolumeId"));
        if (volume.isEmpty()) {
            return notFound("InvalidVolume.NotFound", params.get("VolumeId"));
        }
        Optional<Ec2Instance> instance = find(Ec2Instance.class, params.get("InstanceId"));
        if (instance.isEmpty()) {
            return notFound("InvalidInstanceID.NotFound", params.get("InstanceId"));
        }
        if (!volume.get().attachedInstanceIds().isEmpty()) {
            return new Responses.Answer(400, Responses.ec2Error("VolumeInUse", "vol " + volume.get().ref().id() + " is already attached"));
        }
        if (params.get("Device") == null || !params.get("Device").startsWith("/dev/")) {
            return new Responses.Answer(400, Responses.ec2Error("InvalidParameterValue", "Value (" + params.get("Device") + ") for parameter device is invalid"));
        }
        fake.changes.put(region.code(), withAttachments(volume.get(), EbsVolume.State.IN_USE, List.of(instance.get().ref().id())));
        List<String> volumes = new java.util.ArrayList<>(instance.get().volumeIds());
        volumes.add(volume.get().ref().id());
        fake.changes.put(region.code(), withVolumes(instance.get(), volumes));
        fake.attachedDevices.put(volume.get().ref().id(), params.get("Device"));
        return ok("AttachVolumeResponse", new Xml().text("volumeId", volume.get().ref().id()).text("instanceId", instance.get().ref().id())
                .text("device", params.get("Device")).text("status", "attaching").time("attachTime", fake.now));
    }

    private static EbsVolume withAttachments(EbsVolume volume, EbsVolume.State state, List<String> instanceIds) {
        return new EbsVolume(volume.ref(), volume.tags(), volume.createdAt(), volume.volumeType(), volume.sizeGib(), volume.iops(),
                volume.throughputMibps(), state, volume.availabilityZone(), instanceIds, volume.detachedAt());
    }

    private static Ec2Instance withVolumes(Ec2Instance instance, List<String> volumeIds) {
        return new Ec2Instance(instance.ref(), instance.tags(), instance.instanceType(), instance.state(), instance.launchedAt(),
                instance.stateChangedAt(), instance.stateTransitionReason(), instance.platform(), instance.availabilityZone(), volumeIds,
                instance.rootVolumeId(), instance.imageId());
    }

    Responses.Answer createVolume(Map<String, String> params) {
        Optional<EbsSnapshot> snapshot = find(EbsSnapshot.class, params.get("SnapshotId"));
        if (snapshot.isEmpty()) {
            return notFound("InvalidSnapshot.NotFound", params.get("SnapshotId"));
        }
        String id = "vol-0fa4e" + String.format("%012x", IDS.incrementAndGet());
        VolumeType type = VolumeType.fromApiName(params.getOrDefault("VolumeType", "gp2"));
        int size = Integer.parseInt(params.getOrDefault("Size", String.valueOf(snapshot.get().volumeSizeGib())));
        int iops = Integer.parseInt(params.getOrDefault("Iops", "0"));
        int throughput = Integer.parseInt(params.getOrDefault("Throughput", "0"));
        EbsVolume volume = new EbsVolume(ResourceRef.ebsVolume(fake.account, region, id), tags(params), fake.now, type, size, iops, throughput,
                EbsVolume.State.AVAILABLE, params.get("AvailabilityZone"), List.of(), Optional.empty());
        fake.changes.put(region.code(), volume);
        return ok("CreateVolumeResponse", new Xml().text("volumeId", id).text("size", size).text("snapshotId", snapshot.get().ref().id())
                .text("availabilityZone", volume.availabilityZone()).text("status", "creating").time("createTime", fake.now)
                .text("volumeType", type.apiName()));
    }

    Responses.Answer releaseAddress(Map<String, String> params) {
        Optional<ElasticIp> address = find(ElasticIp.class, params.get("AllocationId"));
        if (address.isEmpty()) {
            return notFound("InvalidAllocationID.NotFound", params.get("AllocationId"));
        }
        fake.changes.delete(region.code(), address.get().ref().id());
        return ok("ReleaseAddressResponse", new Xml().text("return", "true"));
    }

    Responses.Answer allocateAddress(Map<String, String> params) {
        String ip = params.get("Address");
        String id = "eipalloc-0fa4e" + String.format("%012x", IDS.incrementAndGet());
        if (ip != null && fake.live(region).stream().anyMatch(r -> r instanceof ElasticIp held && held.publicIp().equals(ip))) {
            return new Responses.Answer(400, Responses.ec2Error("InvalidAddress.InUse", "Address " + ip + " is in use"));
        }
        String publicIp = ip == null ? "198.51.100." + IDS.get() % 250 : ip;
        fake.changes.put(region.code(), new ElasticIp(ResourceRef.elasticIp(fake.account, region, id), Tags.NONE, publicIp, Optional.empty(),
                Optional.empty(), Optional.empty()));
        return ok("AllocateAddressResponse", new Xml().text("publicIp", publicIp).text("domain", "vpc").text("allocationId", id));
    }

    Responses.Answer modifyVolume(Map<String, String> params) {
        Optional<EbsVolume> volume = find(EbsVolume.class, params.get("VolumeId"));
        if (volume.isEmpty()) {
            return notFound("InvalidVolume.NotFound", params.get("VolumeId"));
        }
        EbsVolume before = volume.get();
        VolumeType type = VolumeType.fromApiName(params.getOrDefault("VolumeType", before.volumeType().apiName()));
        EbsVolume after = new EbsVolume(before.ref(), before.tags(), before.createdAt(), type, before.sizeGib(),
                Integer.parseInt(params.getOrDefault("Iops", String.valueOf(before.iops()))),
                type == VolumeType.GP2 ? 0 : Integer.parseInt(params.getOrDefault("Throughput", String.valueOf(before.throughputMibps()))),
                before.state(), before.availabilityZone(), before.attachedInstanceIds(), before.detachedAt());
        fake.changes.put(region.code(), after);
        return ok("ModifyVolumeResponse", new Xml().open("volumeModification").text("volumeId", before.ref().id())
                .text("modificationState", "modifying").text("targetVolumeType", type.apiName())
                .text("originalVolumeType", before.volumeType().apiName()).close("volumeModification"));
    }

    /** Gone from the inventory at once: DescribeNatGateways would show it deleting, then deleted, neither of which the scan reads. */
    Responses.Answer deleteNatGateway(Map<String, String> params) {
        Optional<NatGateway> gateway = find(NatGateway.class, params.get("NatGatewayId"));
        if (gateway.isEmpty()) {
            return notFound("NatGatewayNotFound", params.get("NatGatewayId"));
        }
        fake.changes.delete(region.code(), gateway.get().ref().id());
        return ok("DeleteNatGatewayResponse", new Xml().text("natGatewayId", gateway.get().ref().id()));
    }

    /** The image gone; with DeleteAssociatedSnapshots, its snapshots too, as EC2 does. */
    Responses.Answer deregisterImage(Map<String, String> params) {
        Optional<MachineImage> image = find(MachineImage.class, params.get("ImageId"));
        if (image.isEmpty()) {
            return notFound("InvalidAMIID.NotFound", params.get("ImageId"));
        }
        fake.changes.delete(region.code(), image.get().ref().id());
        List<String> deleted = "true".equals(params.get("DeleteAssociatedSnapshots")) ? image.get().snapshotIds() : List.of();
        deleted.forEach(snapshot -> fake.changes.delete(region.code(), snapshot));
        return ok("DeregisterImageResponse", new Xml().text("return", "true")
                .list("deleteSnapshotResultSet", "item", deleted, snapshot -> new Xml().text("snapshotId", snapshot).toString()));
    }

    Responses.Answer deleteDbSnapshot(Map<String, String> params) {
        Optional<RdsSnapshot> snapshot = find(RdsSnapshot.class, params.get("DBSnapshotIdentifier"));
        if (snapshot.isEmpty()) {
            return rdsError("DBSnapshotNotFound", "DBSnapshot " + params.get("DBSnapshotIdentifier") + " not found.");
        }
        fake.changes.delete(region.code(), snapshot.get().ref().id());
        return Responses.Answer.ok(new Xml().openNs("DeleteDBSnapshotResponse", RDS_NS).open("DeleteDBSnapshotResult")
                .open("DBSnapshot").text("DBSnapshotIdentifier", snapshot.get().ref().id()).text("Status", "deleted").close("DBSnapshot")
                .close("DeleteDBSnapshotResult").raw(Responses.responseMetadata()).close("DeleteDBSnapshotResponse").toString());
    }

    Responses.Answer deleteSnapshot(Map<String, String> params) {
        Optional<EbsSnapshot> snapshot = find(EbsSnapshot.class, params.get("SnapshotId"));
        if (snapshot.isEmpty()) {
            return notFound("InvalidSnapshot.NotFound", params.get("SnapshotId"));
        }
        fake.changes.delete(region.code(), snapshot.get().ref().id());
        return ok("DeleteSnapshotResponse", new Xml().text("return", "true"));
    }

    /** Stop, start or terminate: the instance moves to {@code to} at once, and the answer says so as EC2 does. */
    Responses.Answer changeInstance(Map<String, String> params, String response, Ec2Instance.State to) {
        Optional<Ec2Instance> instance = find(Ec2Instance.class, params.get("InstanceId.1"));
        if (instance.isEmpty()) {
            return notFound("InvalidInstanceID.NotFound", params.get("InstanceId.1"));
        }
        Ec2Instance before = instance.get();
        fake.changes.put(region.code(), new Ec2Instance(before.ref(), before.tags(), before.instanceType(), to, before.launchedAt(),
                Optional.of(fake.now), to == Ec2Instance.State.RUNNING ? "" : "User initiated (" + fake.now + ")", before.platform(),
                before.availabilityZone(), before.volumeIds(), before.rootVolumeId(), before.imageId()));
        return ok(response, new Xml().list("instancesSet", "item", List.of(before), changed -> new Xml().text("instanceId", changed.ref().id())
                .open("currentState").text("name", to.name().toLowerCase(java.util.Locale.ROOT)).close("currentState")
                .open("previousState").text("name", changed.state().name().toLowerCase(java.util.Locale.ROOT)).close("previousState").toString()));
    }

    /** Only the instance type, and only of a stopped instance, as EC2 allows. */
    Responses.Answer modifyInstanceAttribute(Map<String, String> params) {
        Optional<Ec2Instance> instance = find(Ec2Instance.class, params.get("InstanceId"));
        if (instance.isEmpty()) {
            return notFound("InvalidInstanceID.NotFound", params.get("InstanceId"));
        }
        String type = params.get("InstanceType.Value");
        if (type == null) {
            return new Responses.Answer(400, Responses.ec2Error("InvalidParameterCombination", "the fake changes only InstanceType"));
        }
        Ec2Instance before = instance.get();
        if (before.state() != Ec2Instance.State.STOPPED) {
            return new Responses.Answer(400, Responses.ec2Error("IncorrectInstanceState", "The instance '" + before.ref().id()
                    + "' is not in the 'stopped' state."));
        }
        fake.changes.put(region.code(), new Ec2Instance(before.ref(), before.tags(), type, before.state(), before.launchedAt(),
                before.stateChangedAt(), before.stateTransitionReason(), before.platform(), before.availabilityZone(), before.volumeIds(),
                before.rootVolumeId(), before.imageId()));
        return ok("ModifyInstanceAttributeResponse", new Xml().text("return", "true"));
    }

    Responses.Answer createImage(Map<String, String> params) {
        Optional<Ec2Instance> instance = find(Ec2Instance.class, params.get("InstanceId"));
        if (instance.isEmpty()) {
            return notFound("InvalidInstanceID.NotFound", params.get("InstanceId"));
        }
        String id = "ami-0fa4e" + String.format("%012x", IDS.incrementAndGet());
        fake.changes.put(region.code(), new MachineImage(ResourceRef.ami(fake.account, region, id), tags(params), params.get("Name"), fake.now,
                MachineImage.State.PENDING, List.of()));
        return ok("CreateImageResponse", new Xml().text("imageId", id));
    }

    /** A pending image becomes available the first time it is described. */
    void completePendingImages() {
        for (Resource resource : fake.live(region)) {
            if (resource instanceof MachineImage image && image.state() == MachineImage.State.PENDING) {
                fake.changes.put(region.code(), new MachineImage(image.ref(), image.tags(), image.name(), image.createdAt(),
                        MachineImage.State.AVAILABLE, image.snapshotIds()));
            }
        }
    }

    Responses.Answer runInstances(Map<String, String> params) {
        if (find(MachineImage.class, params.get("ImageId")).isEmpty()) {
            return notFound("InvalidAMIID.NotFound", params.get("ImageId"));
        }
        String id = "i-0fa4e" + String.format("%012x", IDS.incrementAndGet());
        Ec2Instance launched = new Ec2Instance(ResourceRef.ec2Instance(fake.account, region, id), tags(params), params.get("InstanceType"),
                Ec2Instance.State.RUNNING, fake.now, Optional.empty(), "", "Linux/UNIX", region.code() + "a", List.of());
        fake.changes.put(region.code(), launched);
        return ok("RunInstancesResponse", new Xml().text("reservationId", "r-0fa4e" + IDS.get()).text("ownerId", fake.account.id())
                .list("instancesSet", "item", List.of(launched), instance -> new Xml().text("instanceId", instance.ref().id())
                        .text("imageId", params.get("ImageId")).text("instanceType", instance.instanceType())
                        .text("subnetId", params.get("SubnetId")).toString()));
    }

    /** Stop, start, delete or restore a database: its status changes as RDS's would, at once. */
    Responses.Answer changeDatabase(Map<String, String> params, String action) {
        String id = params.get("DBInstanceIdentifier");
        Optional<RdsInstance> database = find(RdsInstance.class, id);
        if (action.equals("RestoreDBInstanceFromDBSnapshot")) {
            if (database.isPresent()) {
                return rdsError("DBInstanceAlreadyExists", "DB instance already exists");
            }
            String snapshot = params.get("DBSnapshotIdentifier");
            RdsInstance deleted = fake.deletedDatabases.get(snapshot);
            if (deleted == null) {
                return rdsError("DBSnapshotNotFound", "DBSnapshot " + snapshot + " not found.");
            }
            RdsInstance restored = withStatus(deleted, "creating");
            fake.changes.put(region.code(), restored);
            return rdsOk(action, restored);
        }
        if (database.isEmpty()) {
            return rdsError("DBInstanceNotFound", "DBInstance " + id + " not found.");
        }
        RdsInstance before = database.get();
        return switch (action) {
            case "StopDBInstance" -> {
                fake.changes.put(region.code(), withStatus(before, "stopped"));
                yield rdsOk(action, withStatus(before, "stopping"));
            }
            case "StartDBInstance" -> {
                fake.changes.put(region.code(), withStatus(before, "available"));
                yield rdsOk(action, withStatus(before, "starting"));
            }
            default -> {
                if (!"false".equals(params.get("SkipFinalSnapshot")) || params.get("FinalDBSnapshotIdentifier") == null) {
                    yield rdsError("InvalidParameterCombination", "FinalDBSnapshotIdentifier is required unless SkipFinalSnapshot is true");
                }
                fake.deletedDatabases.put(params.get("FinalDBSnapshotIdentifier"), before);
                fake.changes.delete(region.code(), before.ref().id());
                yield rdsOk(action, withStatus(before, "deleting"));
            }
        };
    }

    Responses.Answer deleteLoadBalancer(Map<String, String> params) {
        boolean v2 = params.containsKey("LoadBalancerArn");
        Optional<LoadBalancer> balancer = fake.live(region).stream().filter(LoadBalancer.class::isInstance).map(LoadBalancer.class::cast)
                .filter(lb -> v2 ? lb.ref().arn().equals(params.get("LoadBalancerArn")) : lb.ref().id().equals(params.get("LoadBalancerName")))
                .findFirst();
        balancer.ifPresent(lb -> fake.changes.delete(region.code(), lb.ref().id()));
        String namespace = v2 ? "http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/" : "http://elasticloadbalancing.amazonaws.com/doc/2012-06-01/";
        return Responses.Answer.ok(new Xml().openNs("DeleteLoadBalancerResponse", namespace).open("DeleteLoadBalancerResult")
                .close("DeleteLoadBalancerResult").raw(Responses.responseMetadata()).close("DeleteLoadBalancerResponse").toString());
    }

    private static RdsInstance withStatus(RdsInstance database, String status) {
        return new RdsInstance(database.ref(), database.tags(), database.dbInstanceClass(), database.engine(), status, database.createdAt(),
                database.multiAz(), database.allocatedStorageGib(), database.storageType());
    }

    private static Responses.Answer rdsOk(String action, RdsInstance database) {
        return Responses.Answer.ok(new Xml().openNs(action + "Response", RDS_NS).open(action + "Result").open("DBInstance")
                .text("DBInstanceIdentifier", database.ref().id()).text("DBInstanceStatus", database.status())
                .text("DBInstanceClass", database.dbInstanceClass()).text("Engine", database.engine()).close("DBInstance")
                .close(action + "Result").raw(Responses.responseMetadata()).close(action + "Response").toString());
    }

    private static Responses.Answer rdsError(String code, String message) {
        return new Responses.Answer(code.endsWith("NotFound") ? 404 : 400, Responses.queryError(code, message, "Sender"));
    }

    private <R extends Resource> Optional<R> find(Class<R> type, String id) {
        return fake.live(region).stream().filter(type::isInstance).map(type::cast).filter(r -> r.ref().id().equals(id)).findFirst();
    }

    /** The tags of the first TagSpecification: {@code TagSpecification.1.Tag.N.Key} and {@code .Value}. */
    private static Tags tags(Map<String, String> params) {
        Map<String, String> tags = new LinkedHashMap<>();
        for (int i = 1; params.containsKey("TagSpecification.1.Tag." + i + ".Key"); i++) {
            tags.put(params.get("TagSpecification.1.Tag." + i + ".Key"), params.getOrDefault("TagSpecification.1.Tag." + i + ".Value", ""));
        }
        return new Tags(tags);
    }

    private static Responses.Answer ok(String response, Xml body) {
        return Responses.Answer.ok(new Xml().openNs(response, EC2_NS).text("requestId", Responses.requestId()).raw(body.toString())
                .close(response).toString());
    }

    private static Responses.Answer notFound(String code, String id) {
        return new Responses.Answer(400, Responses.ec2Error(code, "The id '" + id + "' does not exist"));
    }
}
