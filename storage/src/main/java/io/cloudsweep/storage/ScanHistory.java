package io.cloudsweep.storage;

import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

/** An organization's stored scans, newest first, for the REST API. Thread-safe. */
public final class ScanHistory {

    /** A stored scan: who started it, how it ended, what it read and found; {@code regionResults} is its JSON per region. */
    public record Scan(long id, String startedBy, String status, OffsetDateTime startedAt, OffsetDateTime finishedAt, int regionsTotal,
                       int regionsDone, int resourcesSeen, String regionResults, int findingsCount, BigDecimal monthlyCostUsd,
                       int unknownCostCount) {
    }

    interface Dao {
        String COLUMNS = """
                id, started_by, status, started_at, finished_at, regions_total, regions_done, resources_seen, region_results::text AS region_results,
                findings_count, monthly_cost_usd, unknown_cost_count""";

        @SqlQuery("SELECT " + COLUMNS + " FROM scans WHERE organization_id = :organization AND id < :before ORDER BY id DESC LIMIT :limit")
        @RegisterConstructorMapper(Scan.class)
        List<Scan> page(@Bind("organization") long organization, @Bind("before") long before, @Bind("limit") int limit);

        @SqlQuery("SELECT " + COLUMNS + " FROM scans WHERE organization_id = :organization AND id = :id")
        @RegisterConstructorMapper(Scan.class)
        Optional<Scan> one(@Bind("organization") long organization, @Bind("id") long id);
    }

    private final Jdbi jdbi;

    public ScanHistory(Database database) {
        this.jdbi = database.jdbi();
    }

    /** At most {@code limit} of the organization's scans older than scan {@code beforeId}, newest first. */
    public List<Scan> page(long organizationId, long beforeId, int limit) {
        return jdbi.withExtension(Dao.class, dao -> dao.page(organizationId, beforeId, limit));
    }

    /** The organization's scan {@code id}; empty when there is none (or it is another organization's). */
    public Optional<Scan> find(long organizationId, long id) {
        return jdbi.withExtension(Dao.class, dao -> dao.one(organizationId, id));
    }
}
