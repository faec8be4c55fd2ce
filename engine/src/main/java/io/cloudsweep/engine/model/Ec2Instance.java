package io.cloudsweep.engine.model;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An EC2 instance.
 *
 * @param launchedAt            when it last started (AWS resets the launch time on every start)
 * @param stateChangedAt        when it entered its current state, where known; for a stopped instance
 *                              this comes from {@code StateTransitionReason}, see {@link StateTransitionReasons}
 * @param stateTransitionReason the reason text exactly as AWS gave it, for evidence
 * @param platform              {@code Linux/UNIX}, {@code Windows}, ... as in {@code PlatformDetails}
 * @param volumeIds             the EBS volumes attached to it
 */
public record Ec2Instance(
        ResourceRef ref,
        Tags tags,
        String instanceType,
        State state,
        Instant launchedAt,
        Optional<Instant> stateChangedAt,
        String stateTransitionReason,
        String platform,
        String availabilityZone,
        List<String> volumeIds) implements Resource {

    public enum State { PENDING, RUNNING, SHUTTING_DOWN, TERMINATED, STOPPING, STOPPED }

    public Ec2Instance {
        Objects.requireNonNull(ref, "ref");
        Objects.requireNonNull(tags, "tags");
        Objects.requireNonNull(instanceType, "instanceType");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(launchedAt, "launchedAt");
        Objects.requireNonNull(stateChangedAt, "stateChangedAt");
        stateTransitionReason = stateTransitionReason == null ? "" : stateTransitionReason;
        platform = platform == null || platform.isBlank() ? "Linux/UNIX" : platform;
        volumeIds = List.copyOf(volumeIds);
    }

    public boolean isLinux() {
        return platform.equals("Linux/UNIX");
    }
}
