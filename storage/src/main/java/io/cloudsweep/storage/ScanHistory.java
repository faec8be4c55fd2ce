package io.cloudsweep.storage;

import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

/**
 * An organization's scans as the REST API shows them, newest first: each as it was asked for and queued, how far it
 * is or how it ended, and once its findings are stored, what it read and found. Thread-safe.
 */
public final class ScanHistory {

    /**
     * A scan: who asked (and through what, {@code apikey:ci}), what it reads, where it stands ({@code queued},
     * {@code running}, {@code completed}, {@code failed}), and its stored result once it has one.
     */
    public record Scan(long id, String startedBy, Optional<String> via, String status, Optional<String> account, List<String> regions,
                       int attempts, Optional<String> progress, Optional<String> outcome, OffsetDateTime queuedAt,
                       Optional<OffsetDateTime> finishedAt, Optional<Result> result) {
    }

    /** What a scan stored: how it ended, what it read and found; {@code regionResults} is its JSON per region. */
    public record Result(long id, String status, OffsetDateTime startedAt, OffsetDateTime finishedAt, int regionsTotal, int regionsDone,
                         int resourcesSeen, String regionResults, int findingsCount, BigDecimal monthlyCostUsd, int unknownCostCount) {
    }

    interface Dao {
        record Row(long id, String userId, String via, String status, String account, String[] regions, int attempts, String progress,
                   String outcome, OffsetDateTime queuedAt, OffsetDateTime finishedAt, Long resultId, String resultStatus,
                   OffsetDateTime resultStartedAt, OffsetDateTime resultFinishedAt, Integer regionsTotal, Integer regionsDone,
                   Integer resourcesSeen, String regionResults, Integer findingsCount, BigDecimal monthlyCostUsd, Integer unknownCostCount) {

            Scan scan() {
                Optional<Result> result = resultId == null ? Optional.empty() : Optional.of(new Result(resultId, resultStatus, resultStartedAt,
                        resultFinishedAt, regionsTotal, regionsDone, resourcesSeen, regionResults, findingsCount, monthlyCostUsd, unknownCostCount));
                return new Scan(id, userId, Optional.ofNullable(via), status, Optional.ofNullable(account), List.of(regions), attempts,
                        Optional.ofNullable(progress), Optional.ofNullable(outcome), queuedAt, Optional.ofNullable(finishedAt), result);
            }
        }

        String SELECT = """
                SELECT r.id, r.user_id, r.via, r.status, r.account, r.regions, r.attempts, r.progress, r.outcome, r.queued_at, r.finished_at,
                       s.id AS result_id, s.status AS result_status, s.started_at AS result_started_at, s.finished_at AS result_finished_at,
                       s.regions_total, s.regions_done, s.resources_seen, s.region_results::text AS region_results, s.findings_count,
                       s.monthly_cost_usd, s.unknown_cost_count
                FROM scan_runs r LEFT JOIN scans s ON s.id = r.scan_id
                """;

        @SqlQuery(SELECT + "WHERE r.organization_id = :organization AND r.id < :before ORDER BY r.id DESC LIMIT :limit")
        @RegisterConstructorMapper(Row.class)
        List<Row> page(@Bind("organization") long organization, @Bind("before") long before, @Bind("limit") int limit);

        @SqlQuery(SELECT + "WHERE r.organization_id = :organization AND r.id = :id")
        @RegisterConstructorMapper(Row.class)
        Optional<Row> one(@Bind("organization") long organization, @Bind("id") long id);
    }

    private final Jdbi jdbi;

    public ScanHistory(Database database) {
        this.jdbi = database.jdbi();
    }

    /** At most {@code limit} of the organization's scans older than scan {@code beforeId}, newest first. */
    public List<Scan> page(long organizationId, long beforeId, int limit) {
        return jdbi.withExtension(Dao.class, dao -> dao.page(organizationId, beforeId, limit)).stream().map(Dao.Row::scan).toList();
    }

    /** The organization's scan {@code id}; empty when there is none (or it is another organization's). */
    public Optional<Scan> find(long organizationId, long id) {
        return jdbi.withExtension(Dao.class, dao -> dao.one(organizationId, id)).map(Dao.Row::scan);
    }
}
