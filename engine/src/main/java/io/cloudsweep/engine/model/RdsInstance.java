package io.cloudsweep.engine.model;

import java.time.Instant;
import java.util.Objects;

/**
 * An RDS DB instance.
 *
 * @param engine      the engine as RDS names it ({@code postgres}, {@code mysql}, ...)
 * @param status      the RDS status ({@code available}, {@code stopped}, ...)
 * @param storageType {@code gp2}, {@code gp3}, {@code io1}, {@code io2} or {@code standard}
 */
public record RdsInstance(
        ResourceRef ref,
        Tags tags,
        String dbInstanceClass,
        String engine,
        String status,
        Instant createdAt,
        boolean multiAz,
        int allocatedStorageGib,
        String storageType) implements Resource {

    public RdsInstance {
        Objects.requireNonNull(ref, "ref");
        Objects.requireNonNull(tags, "tags");
        Objects.requireNonNull(dbInstanceClass, "dbInstanceClass");
        Objects.requireNonNull(engine, "engine");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(storageType, "storageType");
        if (allocatedStorageGib < 0) {
            throw new IllegalArgumentException("database " + ref.id() + ": storage cannot be negative");
        }
    }

    public boolean isAvailable() {
        return status.equals("available");
    }
}
