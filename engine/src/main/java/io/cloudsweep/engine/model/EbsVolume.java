package io.cloudsweep.engine.model;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An EBS volume.
 *
 * @param iops             provisioned (io1, io2, gp3) or baseline (gp2) IOPS; 0 where the type has none
 * @param throughputMibps  provisioned throughput (gp3 only); 0 elsewhere
 * @param attachedInstanceIds the instances it is attached to; empty when {@code state} is available
 * @param detachedAt       when it was last detached, where the inventory could learn it (DescribeVolumes
 *                         does not say; a trail or a tag may)
 */
public record EbsVolume(
        ResourceRef ref,
        Tags tags,
        Instant createdAt,
        VolumeType volumeType,
        int sizeGib,
        int iops,
        int throughputMibps,
        State state,
        String availabilityZone,
        List<String> attachedInstanceIds,
        Optional<Instant> detachedAt) implements Resource {

    /** Volume states as the EC2 API names them. */
    public enum State { CREATING, AVAILABLE, IN_USE, DELETING, DELETED, ERROR }

    public EbsVolume {
        Objects.requireNonNull(ref, "ref");
        Objects.requireNonNull(tags, "tags");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(volumeType, "volumeType");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(detachedAt, "detachedAt");
        if (sizeGib <= 0 || iops < 0 || throughputMibps < 0) {
            throw new IllegalArgumentException("volume " + ref.id() + ": size must be positive, IOPS and throughput not negative");
        }
        attachedInstanceIds = List.copyOf(attachedInstanceIds);
    }
}
