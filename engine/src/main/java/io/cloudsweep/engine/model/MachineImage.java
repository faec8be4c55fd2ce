package io.cloudsweep.engine.model;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/** An AMI the account owns, with the EBS snapshots that back it. */
public record MachineImage(
        ResourceRef ref,
        Tags tags,
        String name,
        Instant createdAt,
        State state,
        List<String> snapshotIds) implements Resource {

    public enum State { PENDING, AVAILABLE, INVALID, DEREGISTERED, TRANSIENT, FAILED, ERROR, DISABLED }

    public MachineImage {
        Objects.requireNonNull(ref, "ref");
        Objects.requireNonNull(tags, "tags");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(state, "state");
        name = name == null ? "" : name;
        snapshotIds = List.copyOf(snapshotIds);
    }

    /** Whether the image still exists as far as its snapshots are concerned. */
    public boolean isRegistered() {
        return state != State.DEREGISTERED;
    }
}
