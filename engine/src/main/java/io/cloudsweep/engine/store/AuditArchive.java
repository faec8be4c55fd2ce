package io.cloudsweep.engine.store;

import java.util.Optional;

/**
 * Where the audit log is copied to leave the database (an S3 bucket): objects written once and never replaced, so a
 * bucket under Object Lock keeps them as they were written.
 */
public interface AuditArchive {

    /** Writes {@code body} at {@code key} unless an object is there already; whether it wrote it. */
    boolean writeOnce(String key, byte[] body);

    /** The object at {@code key}, if there is one. */
    Optional<byte[]> read(String key);

    /** Where the objects go, for messages: {@code s3://bucket/prefix}. */
    String describe();
}
