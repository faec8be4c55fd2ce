package io.cloudsweep.engine.model;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * An AMI the account owns, with the EBS snapshots that back it.
 *
 * @param launchedBy the launch templates (their latest and default versions) and launch configurations that launch it,
 *                   by name; instances launched from it say so themselves ({@link Ec2Instance#imageId()})
 */
public record MachineImage(
        ResourceRef ref,
        Tags tags,
        String name,
        Instant createdAt,
        State state,
        List<String> snapshotIds,
        List<String> launchedBy) implements Resource {

    public enum State { PENDING, AVAILABLE, INVALID, DEREGISTERED, TRANSIENT, FAILED, ERROR, DISABLED }

    public MachineImage {
        Objects.requireNonNull(ref, "ref");
        Objects.requireNonNull(tags, "tags");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(state, "state");
        name = name == null ? "" : name;
        snapshotIds = List.copyOf(snapshotIds);
        launchedBy = List.copyOf(launchedBy);
    }

    /** An image no launch template or configuration names. */
    public MachineImage(ResourceRef ref, Tags tags, String name, Instant createdAt, State state, List<String> snapshotIds) {
        this(ref, tags, name, createdAt, state, snapshotIds, List.of());
    }

    /** Whether the image still exists as far as its snapshots are concerned. */
    public boolean isRegistered() {
        return state != State.DEREGISTERED;
    }
}
