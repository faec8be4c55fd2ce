package io.cloudsweep.engine.model;

import java.time.Instant;
import java.util.Objects;

/**
 * An EBS snapshot.
 *
 * @param volumeId       the volume it was taken from; AWS keeps the id after the volume is deleted, and
 *                       copied snapshots carry the placeholder {@code vol-ffffffff}
 * @param volumeSizeGib  the size of the source volume, which bounds what the snapshot stores
 * @param ownerId        the account that owns it
 */
public record EbsSnapshot(
        ResourceRef ref,
        Tags tags,
        Instant startedAt,
        String volumeId,
        int volumeSizeGib,
        String ownerId,
        State state,
        String description) implements Resource {

    public enum State { PENDING, COMPLETED, ERROR, RECOVERABLE, RECOVERING }

    public EbsSnapshot {
        Objects.requireNonNull(ref, "ref");
        Objects.requireNonNull(tags, "tags");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(ownerId, "ownerId");
        Objects.requireNonNull(state, "state");
        volumeId = volumeId == null ? "" : volumeId;
        description = description == null ? "" : description;
        if (volumeSizeGib <= 0) {
            throw new IllegalArgumentException("snapshot " + ref.id() + ": volume size must be positive");
        }
    }
}
