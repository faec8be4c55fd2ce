package io.cloudsweep.storage;

import io.cloudsweep.engine.store.AuditLog;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Forgets resolved findings once they have been resolved for the retention period: the finding, its evidence, tags,
 * decisions and card go. A finding a real cleanup saved money on keeps its row and cleanups (the savings figures are
 * made of them) but loses its evidence and tags. The audit log is kept whole; each purge is an entry in it. Deletes go
 * in batches, so no long lock holds scans up. The API's idempotency answers older than a day go too. Thread-safe.
 */
public final class Retention {

    /** The retention period when none is configured. */
    public static final Duration DEFAULT = Duration.ofDays(180);
    private static final int BATCH = 1000;

    /** What a purge did, organization by organization: findings deleted, findings whose evidence was cleared. */
    public record Purged(Map<Long, Integer> deleted, Map<Long, Integer> cleared) {
        public int total() {
            return deleted.values().stream().mapToInt(Integer::intValue).sum() + cleared.values().stream().mapToInt(Integer::intValue).sum();
        }
    }

    interface Dao {
        record Count(long organizationId, int count) {
        }

        @SqlQuery("""
                WITH gone AS (
                    DELETE FROM findings WHERE id IN (
                        SELECT f.id FROM findings f
                        WHERE f.status = 'resolved' AND f.resolved_at < :before
                          AND NOT EXISTS (SELECT 1 FROM cleanups c WHERE c.finding_id = f.id AND c.done_at IS NOT NULL AND c.dry_run = FALSE)
                        LIMIT :batch)
                    RETURNING organization_id)
                SELECT organization_id, count(*) AS count FROM gone GROUP BY organization_id""")
        @org.jdbi.v3.sqlobject.config.RegisterConstructorMapper(Count.class)
        List<Count> deleteBatch(@Bind("before") OffsetDateTime before, @Bind("batch") int batch);

        @SqlQuery("""
                WITH cleared AS (
                    UPDATE findings SET evidence = '{}', tags = '{}', updated_at = now() WHERE id IN (
                        SELECT f.id FROM findings f
                        WHERE f.status = 'resolved' AND f.resolved_at < :before AND (f.evidence <> '{}' OR f.tags <> '{}')
                        LIMIT :batch)
                    RETURNING organization_id)
                SELECT organization_id, count(*) AS count FROM cleared GROUP BY organization_id""")
        @org.jdbi.v3.sqlobject.config.RegisterConstructorMapper(Count.class)
        List<Count> clearBatch(@Bind("before") OffsetDateTime before, @Bind("batch") int batch);
    }

    private final Database database;
    private final Jdbi jdbi;
    private final PostgresAuditLog audit;
    private final Duration keep;
    private final Clock clock;

    /** @param keep how long a resolved finding is kept; at least a day */
    public Retention(Database database, Duration keep, Clock clock) {
        if (keep.compareTo(Duration.ofDays(1)) < 0) {
            throw new IllegalArgumentException("the retention period must be at least a day, not " + keep);
        }
        this.database = database;
        this.jdbi = database.jdbi();
        this.audit = new PostgresAuditLog(database);
        this.keep = keep;
        this.clock = clock;
    }

    /** Purges what has been resolved for longer than the retention period, and audits it per organization. */
    public Purged purge() {
        OffsetDateTime before = clock.instant().minus(keep).atOffset(ZoneOffset.UTC);
        Map<Long, Integer> deleted = new TreeMap<>();
        Map<Long, Integer> cleared = new TreeMap<>();
        while (batch(dao -> dao.deleteBatch(before, BATCH), deleted) == BATCH) {
            // more to delete
        }
        while (batch(dao -> dao.clearBatch(before, BATCH), cleared) == BATCH) {
            // more to clear
        }
        new IdempotencyKeys(database).forgetOld();
        new ChatDeliveries(database).forgetOld();
        java.util.Set<Long> organizations = new java.util.TreeSet<>(deleted.keySet());
        organizations.addAll(cleared.keySet());
        for (long organization : organizations) {
            audit.append(new AuditLog.Event(Optional.of(organization), clock.instant(), "cloudsweep", "findings.purged", "retention",
                    Map.of("deleted", String.valueOf(deleted.getOrDefault(organization, 0)),
                            "evidence_cleared", String.valueOf(cleared.getOrDefault(organization, 0)),
                            "resolved_before", before.toInstant().toString(), "retention_days", String.valueOf(keep.toDays()))));
        }
        return new Purged(Map.copyOf(deleted), Map.copyOf(cleared));
    }

    /** Runs one batch in its own transaction, adds its counts; how many rows it touched. */
    private int batch(java.util.function.Function<Dao, List<Dao.Count>> statement, Map<Long, Integer> counts) {
        List<Dao.Count> done = jdbi.inTransaction(handle -> statement.apply(handle.attach(Dao.class)));
        done.forEach(count -> counts.merge(count.organizationId(), count.count(), Integer::sum));
        return done.stream().mapToInt(Dao.Count::count).sum();
    }
}
