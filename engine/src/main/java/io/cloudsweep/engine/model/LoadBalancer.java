package io.cloudsweep.engine.model;

import java.time.Instant;
import java.util.Objects;

/**
 * A load balancer of any of the three kinds, with its targets as the inventory counted them.
 *
 * @param registeredTargets targets (or, for a classic load balancer, instances) registered behind it
 * @param healthyTargets    how many of them were healthy
 */
public record LoadBalancer(
        ResourceRef ref,
        Tags tags,
        Kind kind,
        Instant createdAt,
        int registeredTargets,
        int healthyTargets) implements Resource {

    public enum Kind {
        APPLICATION("application"), NETWORK("network"), CLASSIC("classic");

        private final String id;

        Kind(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }

        public static Kind fromId(String id) {
            for (Kind kind : values()) {
                if (kind.id.equals(id)) {
                    return kind;
                }
            }
            throw new IllegalArgumentException("unknown load balancer kind '" + id + "'");
        }
    }

    public LoadBalancer {
        Objects.requireNonNull(ref, "ref");
        Objects.requireNonNull(tags, "tags");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(createdAt, "createdAt");
        if (registeredTargets < 0 || healthyTargets < 0 || healthyTargets > registeredTargets) {
            throw new IllegalArgumentException("load balancer " + ref.id() + ": healthy targets must be between 0 and the registered ones");
        }
    }
}
