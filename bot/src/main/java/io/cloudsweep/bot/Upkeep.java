package io.cloudsweep.bot;

import io.cloudsweep.adapters.aws.AwsOptions;
import io.cloudsweep.adapters.aws.S3AuditArchive;
import io.cloudsweep.storage.AuditExports;
import io.cloudsweep.storage.Database;
import io.cloudsweep.storage.Retention;
import io.micrometer.core.instrument.Metrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * What runs every night on one replica: the audit export to S3 (when a bucket is configured), then the purge of findings
 * resolved for longer than the retention period.
 *
 * @param audit     where the audit goes, or nowhere
 * @param retention how long a resolved finding is kept
 * @param aws       CloudSweep's own way to AWS, for the bucket
 */
public record Upkeep(Optional<Bucket> audit, Duration retention, AwsOptions aws) {

    private static final Logger LOG = LoggerFactory.getLogger(Upkeep.class);
    static final String DEFAULT_PREFIX = "cloudsweep-audit/";

    /** An S3 bucket and the prefix of every key written in it (empty, or ending with {@code /}). */
    public record Bucket(String name, String prefix) {
    }

    /** No export, the default retention, and the SDK's defaults. */
    public static Upkeep defaults() {
        return new Upkeep(Optional.empty(), Retention.DEFAULT, AwsOptions.defaults());
    }

    /**
     * From the environment: {@code CLOUDSWEEP_AUDIT_BUCKET} and {@code CLOUDSWEEP_AUDIT_PREFIX}, {@code CLOUDSWEEP_RETENTION_DAYS}.
     *
     * @throws IllegalArgumentException naming the setting that is wrong and what it takes
     */
    public static Upkeep fromEnvironment(Map<String, String> environment) {
        Optional<String> bucket = setting(environment, "CLOUDSWEEP_AUDIT_BUCKET");
        String prefix = setting(environment, "CLOUDSWEEP_AUDIT_PREFIX").orElse(DEFAULT_PREFIX);
        if (!prefix.matches("[A-Za-z0-9!_.*'()/-]*") || prefix.startsWith("/")) {
            throw new IllegalArgumentException("CLOUDSWEEP_AUDIT_PREFIX=" + prefix + " is not a key prefix: letters, digits and ! _ . * ' ( ) - /, not starting with /");
        }
        if (!prefix.isEmpty() && !prefix.endsWith("/")) {
            prefix = prefix + "/";
        }
        Duration retention = Retention.DEFAULT;
        Optional<String> days = setting(environment, "CLOUDSWEEP_RETENTION_DAYS");
        if (days.isPresent()) {
            try {
                retention = Duration.ofDays(Integer.parseInt(days.get()));
            } catch (NumberFormatException e) {
                retention = Duration.ZERO;
            }
            if (retention.toDays() < 1) {
                throw new IllegalArgumentException("CLOUDSWEEP_RETENTION_DAYS=" + days.get() + " is not a number of days (1 or more; 180 when unset)");
            }
        }
        String finalPrefix = prefix;
        return new Upkeep(bucket.map(name -> new Bucket(name, finalPrefix)), retention, Clouds.ownAws(environment));
    }

    private static Optional<String> setting(Map<String, String> environment, String name) {
        return Optional.ofNullable(environment.get(name)).map(String::trim).filter(value -> !value.isEmpty());
    }

    /**
     * Exports the audit to the bucket.
     *
     * @throws IllegalStateException when no bucket is configured
     * @throws IllegalArgumentException when the bucket's name cannot be one
     */
    public AuditExports.Outcome exportAudit(Database database, Clock clock) {
        Bucket bucket = audit.orElseThrow(() -> new IllegalStateException("no audit bucket: set CLOUDSWEEP_AUDIT_BUCKET"));
        try (S3AuditArchive archive = new S3AuditArchive(aws, bucket.name(), bucket.prefix())) {
            AuditExports.Outcome outcome = new AuditExports(database, clock).export(archive);
            Metrics.counter("cloudsweep_audit_export_objects").increment(outcome.objects());
            Metrics.counter("cloudsweep_audit_export_failures").increment(outcome.problems().size());
            LOG.info("audit export to {}: {} objects, {} entries{}", archive.describe(), outcome.objects(), outcome.entries(),
                    outcome.problems().isEmpty() ? "" : "; " + outcome.problems().size() + " problems");
            return outcome;
        }
    }

    /** Purges what has been resolved for longer than the retention period. */
    public Retention.Purged purge(Database database, Clock clock) {
        Retention.Purged purged = new Retention(database, retention, clock).purge();
        Metrics.counter("cloudsweep_findings_purged").increment(purged.total());
        LOG.info("retention: {} resolved findings deleted, {} cleared of their evidence (resolved over {} days ago)",
                purged.deleted().values().stream().mapToInt(Integer::intValue).sum(),
                purged.cleared().values().stream().mapToInt(Integer::intValue).sum(), retention.toDays());
        return purged;
    }

    /** The night's work: each part runs whatever became of the other. */
    public Runnable nightly(Database database, Clock clock) {
        return () -> {
            if (audit.isPresent()) {
                try {
                    exportAudit(database, clock);
                } catch (RuntimeException e) {
                    Metrics.counter("cloudsweep_audit_export_failures").increment();
                    LOG.error("the audit export failed: {}", e.getMessage(), e);
                }
            }
            purge(database, clock);
        };
    }
}
