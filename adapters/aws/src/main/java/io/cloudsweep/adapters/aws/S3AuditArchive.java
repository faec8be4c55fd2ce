package io.cloudsweep.adapters.aws;

import io.cloudsweep.engine.store.AuditArchive;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The audit export's bucket, written with CloudSweep's own credentials. Each object is written with
 * {@code If-None-Match: *}, so an existing one is never replaced (S3 answers 412), and with a SHA-256 checksum, which
 * S3 requires of writes to a bucket under Object Lock. Thread-safe; close it when done.
 */
public final class S3AuditArchive implements AuditArchive, AutoCloseable {

    /** S3's rules for a bucket name, loosely: what could be one. */
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");

    private final Connection connection;
    private final String bucket;
    private final String prefix;

    /**
     * @param prefix put before every key; empty, or ending with {@code /}
     * @throws IllegalArgumentException when {@code bucket} cannot be an S3 bucket's name
     */
    public S3AuditArchive(AwsOptions options, String bucket, String prefix) {
        if (!BUCKET.matcher(bucket).matches()) {
            throw new IllegalArgumentException("'" + bucket + "' is not an S3 bucket name (3 to 63 lower-case letters, digits, dots and hyphens)");
        }
        this.bucket = bucket;
        this.prefix = Objects.requireNonNull(prefix, "prefix");
        this.connection = new Connection(options, new RequestBuckets());
    }

    @Override
    public boolean writeOnce(String key, byte[] body) {
        try {
            connection.s3().putObject(request -> request.bucket(bucket).key(prefix + key).ifNoneMatch("*")
                    .contentType("application/x-ndjson").checksumAlgorithm(ChecksumAlgorithm.SHA256), RequestBody.fromBytes(body));
            return true;
        } catch (S3Exception e) {
            if (e.statusCode() == 412) {
                return false;
            }
            throw Iam.explain(Iam.S3_PUT_OBJECT, e);
        } catch (SdkException e) {
            throw Iam.explain(Iam.S3_PUT_OBJECT, e);
        }
    }

    @Override
    public Optional<byte[]> read(String key) {
        try {
            return Optional.of(connection.s3().getObjectAsBytes(request -> request.bucket(bucket).key(prefix + key)).asByteArray());
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (SdkException e) {
            throw Iam.explain(Iam.S3_GET_OBJECT, e);
        }
    }

    @Override
    public String describe() {
        return "s3://" + bucket + "/" + prefix;
    }

    @Override
    public void close() {
        connection.close();
    }
}
