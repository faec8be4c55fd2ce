package io.cloudsweep.engine.model;

import java.time.Instant;
import java.util.Objects;

/**
 * A manual RDS DB snapshot (automated ones go with their database).
 *
 * @param dbInstanceIdentifier the database it was taken of, which may no longer exist
 * @param allocatedStorageGib  the storage of that database when the snapshot was taken
 * @param status               as RDS names it: {@code available}, {@code creating}, ...
 */
public record RdsSnapshot(
        ResourceRef ref,
        Tags tags,
        String dbInstanceIdentifier,
        Instant createdAt,
        int allocatedStorageGib,
        String engine,
        String status) implements Resource {

    public RdsSnapshot {
        Objects.requireNonNull(ref, "ref");
        Objects.requireNonNull(tags, "tags");
        Objects.requireNonNull(dbInstanceIdentifier, "dbInstanceIdentifier");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(engine, "engine");
        Objects.requireNonNull(status, "status");
        if (allocatedStorageGib < 0) {
            throw new IllegalArgumentException("snapshot " + ref.id() + ": storage cannot be negative");
        }
    }
}
