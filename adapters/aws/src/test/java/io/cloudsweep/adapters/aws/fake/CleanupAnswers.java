package io.cloudsweep.adapters.aws.fake;

import io.cloudsweep.engine.model.EbsSnapshot;
import io.cloudsweep.engine.model.EbsVolume;
import io.cloudsweep.engine.model.ElasticIp;
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
 * The EC2 calls a cleanup makes of volumes and addresses, answered as EC2 answers them, changing the fake's
 * state: a snapshot is pending when created and completed once described, a deleted volume is gone, a created
 * volume is available, a released address can be allocated again by its IP.
 */
final class CleanupAnswers {

    private static final String EC2_NS = "http://ec2.amazonaws.com/doc/2016-11-15/";
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
