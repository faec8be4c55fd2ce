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
 * @param rootVolumeId          the one of them at its root device, where the inventory could tell
 * @param imageId               the AMI it was launched from, where the inventory could tell
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
        List<String> volumeIds,
        Optional<String> rootVolumeId,
        Optional<String> imageId) implements Resource {

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
        Objects.requireNonNull(rootVolumeId, "rootVolumeId");
        Objects.requireNonNull(imageId, "imageId");
    }

    /** An instance whose image is not known. */
    public Ec2Instance(ResourceRef ref, Tags tags, String instanceType, State state, Instant launchedAt, Optional<Instant> stateChangedAt,
                       String stateTransitionReason, String platform, String availabilityZone, List<String> volumeIds,
                       Optional<String> rootVolumeId) {
        this(ref, tags, instanceType, state, launchedAt, stateChangedAt, stateTransitionReason, platform, availabilityZone, volumeIds,
                rootVolumeId, Optional.empty());
    }

    /** An instance whose root volume and image are not known (it boots from instance store, or the inventory did not say). */
    public Ec2Instance(ResourceRef ref, Tags tags, String instanceType, State state, Instant launchedAt, Optional<Instant> stateChangedAt,
                       String stateTransitionReason, String platform, String availabilityZone, List<String> volumeIds) {
        this(ref, tags, instanceType, state, launchedAt, stateChangedAt, stateTransitionReason, platform, availabilityZone, volumeIds,
                Optional.empty(), Optional.empty());
    }

    /** Whether {@code volumeId} is this instance's root volume; an unknown root counts as any volume, to be safe. */
    public boolean mayBootFrom(String volumeId) {
        return rootVolumeId.map(volumeId::equals).orElse(true);
    }

    public boolean isLinux() {
        return platform.equals("Linux/UNIX");
    }
}
