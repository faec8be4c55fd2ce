package io.cloudsweep.storage;

import io.cloudsweep.engine.model.Money;
import io.cloudsweep.engine.model.ResourceType;
import io.cloudsweep.engine.report.Digest;
import io.cloudsweep.engine.report.DigestQueries;
import io.cloudsweep.engine.report.Realised;
import io.cloudsweep.engine.report.SavingsLedger;
import io.cloudsweep.engine.store.StoredFinding;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Realised savings and the digest's figures, read from findings, cleanups and the recorded open waste
 * ({@code waste_history}). Every window is half-open, [from, to). Thread-safe.
 */
public final class PostgresReports implements SavingsLedger, DigestQueries {

    /** At most this many of each list a digest calls out. */
    private static final int LISTED = 20;
    private static final String OPEN = "('open', 'failed', 'rolled_back')";

    interface Dao {
        record RealisedRow(long cleanupId, long findingId, String ruleId, String resourceType, String resourceId, String accountId, BigDecimal monthly,
                           OffsetDateTime doneAt, OffsetDateTime undoneAt) {
        }

        record PointRow(OffsetDateTime moment, OffsetDateTime at, int openFindings, BigDecimal openMonthlyUsd) {
        }

        record MovesRow(int freshCount, BigDecimal freshUsd, int resolvedCount, BigDecimal resolvedUsd, int cleanedCount, BigDecimal cleanedUsd) {
        }

        record EndedRow(long cleanupId, long findingId, String resourceId, String state, String reason, OffsetDateTime at) {
        }

        record SnoozeRow(long findingId, String ruleId, String resourceId, BigDecimal monthly, OffsetDateTime until) {
        }

        record WaitingRow(long findingId, String resourceId, String approvedBy, OffsetDateTime since) {
        }

        record CleanupRow(long cleanupId, long findingId, String ruleId, String resourceType, String resourceId, String accountId, String region, String state,
                          boolean dryRun, OffsetDateTime doneAt, OffsetDateTime undoneAt, BigDecimal monthly) {
        }

        @SqlQuery("""
                SELECT c.id AS cleanup_id, c.finding_id, f.rule_id, f.resource_type, f.resource_id, f.account_id, c.monthly_saving_usd AS monthly,
                       c.done_at, c.undone_at
                FROM cleanups c JOIN findings f ON f.id = c.finding_id
                WHERE c.organization_id = :organization AND NOT c.dry_run AND c.done_at IS NOT NULL
                ORDER BY c.done_at, c.id""")
        @RegisterConstructorMapper(RealisedRow.class)
        List<RealisedRow> realised(@Bind("organization") long organization);

        @SqlQuery("INSERT INTO waste_history (organization_id, at, open_findings, open_monthly_usd)"
                + " SELECT :organization, :at, count(*), COALESCE(sum(monthly_cost_usd), 0) FROM findings"
                + " WHERE organization_id = :organization AND status IN " + OPEN
                + " RETURNING at AS moment, at, open_findings, open_monthly_usd")
        @RegisterConstructorMapper(PointRow.class)
        PointRow record(@Bind("organization") long organization, @Bind("at") OffsetDateTime at);

        @SqlQuery("""
                SELECT m.moment, w.at, w.open_findings, w.open_monthly_usd
                FROM unnest(CAST(:moments AS timestamptz[])) AS m(moment)
                CROSS JOIN LATERAL (SELECT at, open_findings, open_monthly_usd FROM waste_history
                                    WHERE organization_id = :organization AND at <= m.moment ORDER BY at DESC LIMIT 1) w""")
        @RegisterConstructorMapper(PointRow.class)
        List<PointRow> wasteAt(@Bind("organization") long organization, @Bind("moments") OffsetDateTime[] moments);

        @SqlQuery("""
                SELECT fresh.n AS fresh_count, fresh.usd AS fresh_usd, resolved.n AS resolved_count, resolved.usd AS resolved_usd,
                       cleaned.n AS cleaned_count, cleaned.usd AS cleaned_usd
                FROM (SELECT count(*) AS n, COALESCE(sum(monthly_cost_usd), 0) AS usd FROM findings
                      WHERE organization_id = :organization AND first_seen >= :from AND first_seen < :to) fresh,
                     (SELECT count(*) AS n, COALESCE(sum(monthly_cost_usd), 0) AS usd FROM findings
                      WHERE organization_id = :organization AND resolved_at >= :from AND resolved_at < :to) resolved,
                     (SELECT count(*) AS n, COALESCE(sum(monthly_saving_usd), 0) AS usd FROM cleanups
                      WHERE organization_id = :organization AND NOT dry_run AND done_at >= :from AND done_at < :to) cleaned""")
        @RegisterConstructorMapper(MovesRow.class)
        MovesRow moves(@Bind("organization") long organization, @Bind("from") OffsetDateTime from, @Bind("to") OffsetDateTime to);

        @SqlQuery("""
                SELECT c.id AS cleanup_id, c.finding_id, f.resource_id, c.state, COALESCE(c.error, '') AS reason, c.updated_at AS at
                FROM cleanups c JOIN findings f ON f.id = c.finding_id
                WHERE c.organization_id = :organization AND c.state IN ('failed', 'aborted') AND c.updated_at >= :from AND c.updated_at < :to
                ORDER BY c.updated_at DESC, c.id DESC LIMIT :limit""")
        @RegisterConstructorMapper(EndedRow.class)
        List<EndedRow> failed(@Bind("organization") long organization, @Bind("from") OffsetDateTime from, @Bind("to") OffsetDateTime to,
                              @Bind("limit") int limit);

        @SqlQuery("""
                SELECT id AS finding_id, rule_id, resource_id, monthly_cost_usd AS monthly, snoozed_until AS until FROM findings
                WHERE organization_id = :organization AND status = 'snoozed' AND snoozed_until >= :from AND snoozed_until < :to
                ORDER BY snoozed_until, id LIMIT :limit""")
        @RegisterConstructorMapper(SnoozeRow.class)
        List<SnoozeRow> snoozes(@Bind("organization") long organization, @Bind("from") OffsetDateTime from, @Bind("to") OffsetDateTime to,
                                @Bind("limit") int limit);

        /** High-risk findings whose first approval since their latest cleanup (see StoredFinding.pendingApprovals) is older than :before. */
        @SqlQuery("SELECT f.id AS finding_id, f.resource_id, d.chat_user_id AS approved_by, d.created_at AS since FROM findings f"
                + " CROSS JOIN LATERAL (SELECT chat_user_id, created_at FROM decisions WHERE finding_id = f.id AND decision = 'approve'"
                + "     AND created_at > COALESCE((SELECT max(updated_at) FROM cleanups WHERE finding_id = f.id), '-infinity')"
                + "     ORDER BY created_at LIMIT 1) d"
                + " WHERE f.organization_id = :organization AND f.status IN " + OPEN + " AND f.risk = 'high' AND d.created_at < :before"
                + " ORDER BY d.created_at, f.id LIMIT :limit")
        @RegisterConstructorMapper(WaitingRow.class)
        List<WaitingRow> waiting(@Bind("organization") long organization, @Bind("before") OffsetDateTime before, @Bind("limit") int limit);

        /** Cleanups that began, ended, were undone, or saved money in the window. */
        @SqlQuery("""
                SELECT c.id AS cleanup_id, c.finding_id, f.rule_id, f.resource_type, f.resource_id, f.account_id, f.region, c.state, c.dry_run, c.done_at,
                       c.undone_at, COALESCE(c.monthly_saving_usd, f.monthly_cost_usd) AS monthly
                FROM cleanups c JOIN findings f ON f.id = c.finding_id
                WHERE c.organization_id = :organization
                  AND (c.created_at >= :from AND c.created_at < :to OR c.updated_at >= :from AND c.updated_at < :to
                       OR NOT c.dry_run AND c.done_at < :to AND (c.undone_at IS NULL OR c.undone_at >= :from))
                ORDER BY c.id""")
        @RegisterConstructorMapper(CleanupRow.class)
        List<CleanupRow> cleanups(@Bind("organization") long organization, @Bind("from") OffsetDateTime from, @Bind("to") OffsetDateTime to);
    }

    private final Jdbi jdbi;

    public PostgresReports(Database database) {
        this.jdbi = database.jdbi();
    }

    @Override
    public List<Realised> realised(long organizationId) {
        return jdbi.withExtension(Dao.class, dao -> dao.realised(organizationId)).stream()
                .map(row -> new Realised(row.cleanupId(), row.findingId(), row.ruleId(), ResourceType.fromId(row.resourceType()), row.resourceId(), row.accountId(), money(row.monthly()),
                        row.doneAt().toInstant(), instant(row.undoneAt()))).toList();
    }

    @Override
    public Digest.WastePoint recordWaste(long organizationId, Instant at) {
        return jdbi.inTransaction(handle -> record(handle, organizationId, at));
    }

    /** Records open waste at {@code at} in the caller's transaction: after a scan is stored, and when a digest is built. */
    static Digest.WastePoint record(Handle handle, long organizationId, Instant at) {
        return point(handle.attach(Dao.class).record(organizationId, time(at)));
    }

    @Override
    public List<Optional<Digest.WastePoint>> wasteAt(long organizationId, List<Instant> moments) {
        OffsetDateTime[] asked = moments.stream().map(PostgresReports::time).toArray(OffsetDateTime[]::new);
        Map<Instant, Digest.WastePoint> found = jdbi.withExtension(Dao.class, dao -> dao.wasteAt(organizationId, asked)).stream()
                .collect(Collectors.toMap(row -> row.moment().toInstant(), PostgresReports::point, (a, b) -> a));
        List<Optional<Digest.WastePoint>> points = new ArrayList<>();
        for (OffsetDateTime moment : asked) {
            points.add(Optional.ofNullable(found.get(moment.toInstant())));
        }
        return points;
    }

    /** Writes the digest's {@code digest.ready} notification: its figures, its costliest findings and its trend (for the chart). */
    @Override
    public void published(long organizationId, Digest digest) {
        Map<String, Object> payload = new java.util.LinkedHashMap<>();
        payload.put("scope", digest.scope().id());
        payload.put("from", digest.from().toString());
        payload.put("to", digest.to().toString());
        payload.put("open_findings", digest.openNow().openFindings());
        payload.put("open_monthly_usd", digest.openNow().openMonthly().toCents().amount());
        payload.put("open_change_usd", digest.openChange().map(change -> change.toCents().amount()).orElse(null));
        payload.put("new", tally(digest.fresh()));
        payload.put("resolved", tally(digest.resolved()));
        payload.put("cleaned", tally(digest.cleaned()));
        payload.put("saved_in_period_usd", digest.savedInPeriod().amount());
        payload.put("saved_total_usd", digest.savings().total().amount());
        payload.put("run_rate_monthly_usd", digest.savings().runRate().toCents().amount());
        payload.put("top", digest.top().stream().map(stored -> Map.of("finding", stored.label(), "rule", stored.finding().ruleId(),
                "resource_id", stored.finding().resource().id(), "monthly_cost_usd",
                stored.finding().monthlyCost().map(money -> (Object) money.toCents().amount()).orElse("unknown"))).toList());
        payload.put("snoozes_ending", digest.snoozesEnding().size());
        payload.put("failed_cleanups", digest.failed().size());
        payload.put("waiting_approvals", digest.waiting().size());
        payload.put("trend", digest.trend().stream().map(point -> {
            Map<String, Object> week = new java.util.LinkedHashMap<>();
            week.put("week_ending", point.weekEnding().toString());
            week.put("open_monthly_usd", point.openWaste().map(money -> money.toCents().amount()).orElse(null));
            week.put("saved_to_date_usd", point.savedToDate().amount());
            return week;
        }).toList());
        jdbi.useTransaction(handle -> Outbox.enqueue(handle, organizationId, io.cloudsweep.engine.store.NotifyEvent.DIGEST_READY,
                "digest-" + digest.scope().id() + "-" + digest.to().toEpochMilli(), payload, BigDecimal.ZERO, digest.to()));
    }

    private static Map<String, Object> tally(Digest.Tally tally) {
        return Map.of("count", tally.count(), "monthly_usd", tally.monthly().toCents().amount());
    }

    @Override
    public Moves moves(long organizationId, Instant from, Instant to) {
        Dao.MovesRow row = jdbi.withExtension(Dao.class, dao -> dao.moves(organizationId, time(from), time(to)));
        return new Moves(new Digest.Tally(row.freshCount(), Money.usd(row.freshUsd())), new Digest.Tally(row.resolvedCount(),
                Money.usd(row.resolvedUsd())), new Digest.Tally(row.cleanedCount(), Money.usd(row.cleanedUsd())));
    }

    @Override
    public List<Digest.EndedCleanup> failedCleanups(long organizationId, Instant from, Instant to) {
        return map(dao -> dao.failed(organizationId, time(from), time(to), LISTED), row -> new Digest.EndedCleanup(row.cleanupId(),
                row.findingId(), row.resourceId(), row.state(), row.reason(), row.at().toInstant()));
    }

    @Override
    public List<Digest.SnoozeEnding> snoozesEnding(long organizationId, Instant from, Instant to) {
        return map(dao -> dao.snoozes(organizationId, time(from), time(to), LISTED), row -> new Digest.SnoozeEnding(row.findingId(),
                row.ruleId(), row.resourceId(), money(row.monthly()), row.until().toInstant()));
    }

    @Override
    public List<Digest.WaitingApproval> waitingApprovals(long organizationId, Instant before) {
        return map(dao -> dao.waiting(organizationId, time(before), LISTED), row -> new Digest.WaitingApproval(row.findingId(),
                row.resourceId(), row.approvedBy(), row.since().toInstant()));
    }

    @Override
    public List<StoredFinding> costliestOpen(long organizationId, int limit) {
        return jdbi.withHandle(handle -> StoredFindings.costliestOpen(handle, organizationId, limit));
    }

    @Override
    public List<Digest.CleanupLine> cleanups(long organizationId, Instant from, Instant to) {
        return map(dao -> dao.cleanups(organizationId, time(from), time(to)), row -> new Digest.CleanupLine(row.cleanupId(), row.findingId(),
                row.ruleId(), ResourceType.fromId(row.resourceType()), row.resourceId(), row.accountId(), row.region(), row.state(), row.dryRun(), instant(row.doneAt()),
                instant(row.undoneAt()), money(row.monthly())));
    }

    private <R, T> List<T> map(Function<Dao, List<R>> query, Function<R, T> row) {
        return jdbi.withExtension(Dao.class, query::apply).stream().map(row).toList();
    }

    private static Digest.WastePoint point(Dao.PointRow row) {
        return new Digest.WastePoint(row.at().toInstant(), row.openFindings(), Money.usd(row.openMonthlyUsd()));
    }

    private static Optional<Money> money(BigDecimal usd) {
        return Optional.ofNullable(usd).map(Money::usd);
    }

    private static Optional<Instant> instant(OffsetDateTime time) {
        return Optional.ofNullable(time).map(OffsetDateTime::toInstant);
    }

    /** PostgreSQL keeps microseconds: times are cut to them before they are stored or compared. */
    private static OffsetDateTime time(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC);
    }
}
