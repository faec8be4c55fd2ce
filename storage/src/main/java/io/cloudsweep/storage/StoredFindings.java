package io.cloudsweep.storage;

import io.cloudsweep.engine.cleanup.CleanupState;
import io.cloudsweep.engine.model.Action;
import io.cloudsweep.engine.model.ActionParameters;
import io.cloudsweep.engine.model.Confidence;
import io.cloudsweep.engine.model.Cost;
import io.cloudsweep.engine.model.Fact;
import io.cloudsweep.engine.model.Finding;
import io.cloudsweep.engine.model.Money;
import io.cloudsweep.engine.model.PriceSource;
import io.cloudsweep.engine.model.Region;
import io.cloudsweep.engine.model.ResourceRef;
import io.cloudsweep.engine.model.ResourceType;
import io.cloudsweep.engine.model.Risk;
import io.cloudsweep.engine.model.Tags;
import io.cloudsweep.engine.store.FindingFilter;
import io.cloudsweep.engine.store.FindingQueries;
import io.cloudsweep.engine.store.StoredFinding;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.Define;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** Reads findings back as the engine's {@link StoredFinding}s, with their decisions and latest cleanup, in the caller's transaction. */
final class StoredFindings {

    private static final String COLUMNS = """
            id, organization_id, account_id, region, resource_type, resource_id, resource_arn, rule_id, status, first_seen, snoozed_until,
            monthly_cost_usd, cost_unknown_reason, price_source, price_date::text AS price_date, risk, confidence, action,
            action_parameters::text AS action_parameters, reason,
            evidence::text AS evidence, tags::text AS tags""";

    interface Dao {
        record Row(long id, long organizationId, String accountId, String region, String resourceType, String resourceId, String resourceArn,
                   String ruleId, String status, OffsetDateTime firstSeen, OffsetDateTime snoozedUntil, BigDecimal monthlyCostUsd,
                   String costUnknownReason, String priceSource, String priceDate, String risk, String confidence, String action,
                   String actionParameters, String reason,
                   String evidence, String tags) {
        }

        record DecisionRow(long findingId, String chatUserId, String decision, String reason, OffsetDateTime snoozeUntil, OffsetDateTime createdAt) {
        }

        record CleanupRow(long id, long findingId, String state, String backupId, String error, boolean dryRun, OffsetDateTime updatedAt,
                          String lastDetail) {
        }

        @SqlQuery("SELECT " + COLUMNS + """
                 FROM findings WHERE organization_id = :organization AND status IN ('open', 'failed', 'rolled_back')
                  AND (CAST(:rule AS text) IS NULL OR rule_id = :rule) AND <atLeast>
                ORDER BY monthly_cost_usd DESC NULLS LAST, id""")
        @RegisterConstructorMapper(Row.class)
        List<Row> open(@Bind("organization") long organization, @Bind("rule") String rule, @Bind("min") BigDecimal min,
                       @Define("atLeast") String atLeast);

        @SqlQuery("SELECT " + COLUMNS + """
                 FROM findings WHERE organization_id = :organization AND id > :after
                  AND (CAST(:account AS text) IS NULL OR account_id = :account) AND (CAST(:region AS text) IS NULL OR region = :region)
                  AND (CAST(:rule AS text) IS NULL OR rule_id = :rule) AND (CAST(:status AS text) IS NULL OR status = :status)
                  AND (:min = 0 OR monthly_cost_usd >= :min)
                ORDER BY id LIMIT :limit""")
        @RegisterConstructorMapper(Row.class)
        List<Row> page(@Bind("organization") long organization, @Bind("account") String account, @Bind("region") String region,
                       @Bind("rule") String rule, @Bind("status") String status, @Bind("min") BigDecimal min, @Bind("after") long after,
                       @Bind("limit") int limit);

        @SqlQuery("SELECT " + COLUMNS + """
                 FROM findings WHERE organization_id = :organization AND status IN ('open', 'failed', 'rolled_back')
                ORDER BY monthly_cost_usd DESC NULLS LAST, id LIMIT :limit""")
        @RegisterConstructorMapper(Row.class)
        List<Row> costliestOpen(@Bind("organization") long organization, @Bind("limit") int limit);

        /**
         * The open findings as the chat lists them: grouped by rule, the costliest rule (by its sum) and finding first. The
         * order is found on narrow rows (id, rule, cost), and only the page's rows are read whole: ordering the whole rows
         * took 3.4 s at 846,000 findings.
         */
        @SqlQuery("""
                WITH matched AS (
                    SELECT id, rule_id, monthly_cost_usd FROM findings
                    WHERE organization_id = :organization AND status IN ('open', 'failed', 'rolled_back')
                      AND (CAST(:rule AS text) IS NULL OR rule_id = :rule) AND <atLeast>
                      AND (CAST(:since AS timestamptz) IS NULL OR first_seen >= CAST(:since AS timestamptz))),
                totals AS (SELECT rule_id AS total_rule, sum(COALESCE(monthly_cost_usd, 0)) AS rule_total FROM matched GROUP BY rule_id),
                page AS (
                    SELECT m.id AS page_id, t.rule_total, m.rule_id AS page_rule, COALESCE(m.monthly_cost_usd, 0) AS page_cost,
                           m.monthly_cost_usd AS page_cost_or_null
                    FROM matched m JOIN totals t ON t.total_rule = m.rule_id
                    ORDER BY t.rule_total DESC, m.rule_id, COALESCE(m.monthly_cost_usd, 0) DESC, m.monthly_cost_usd DESC NULLS LAST, m.id
                    OFFSET :offset LIMIT :limit)
                SELECT\s""" + COLUMNS + """
                 FROM findings JOIN page ON findings.id = page.page_id
                ORDER BY page.rule_total DESC, page.page_rule, page.page_cost DESC, page.page_cost_or_null DESC NULLS LAST, page.page_id""")
        @RegisterConstructorMapper(Row.class)
        List<Row> openPage(@Bind("organization") long organization, @Bind("rule") String rule, @Bind("min") BigDecimal min,
                           @Define("atLeast") String atLeast, @Bind("since") OffsetDateTime since, @Bind("offset") int offset,
                           @Bind("limit") int limit);

        @SqlQuery("""
                SELECT count(*) FROM findings WHERE organization_id = :organization AND status IN ('open', 'failed', 'rolled_back')
                  AND (CAST(:rule AS text) IS NULL OR rule_id = :rule) AND <atLeast>
                  AND (CAST(:since AS timestamptz) IS NULL OR first_seen >= CAST(:since AS timestamptz))""")
        int openCount(@Bind("organization") long organization, @Bind("rule") String rule, @Bind("min") BigDecimal min,
                      @Define("atLeast") String atLeast, @Bind("since") OffsetDateTime since);

        record WasteRow(int findings, BigDecimal monthly) {
        }

        @SqlQuery("""
                SELECT count(*) AS findings, COALESCE(sum(monthly_cost_usd), 0) AS monthly
                FROM findings WHERE organization_id = :organization AND status IN ('open', 'failed', 'rolled_back')""")
        @RegisterConstructorMapper(WasteRow.class)
        WasteRow openWaste(@Bind("organization") long organization);

        record RuleCount(String ruleId, int findings) {
        }

        @SqlQuery("""
                SELECT rule_id, count(*) AS findings
                FROM findings WHERE organization_id = :organization AND status IN ('open', 'failed', 'rolled_back') AND risk = 'low'
                GROUP BY rule_id""")
        @RegisterConstructorMapper(RuleCount.class)
        List<RuleCount> openLowRiskByRule(@Bind("organization") long organization);

        @SqlQuery("SELECT " + COLUMNS + """
                 FROM findings f WHERE organization_id = :organization AND status = 'cleaned'
                  AND EXISTS (SELECT 1 FROM cleanups c WHERE c.finding_id = f.id AND c.state = 'done' AND NOT c.dry_run)
                ORDER BY monthly_cost_usd DESC NULLS LAST, id""")
        @RegisterConstructorMapper(Row.class)
        List<Row> cleaned(@Bind("organization") long organization);

    }

    /*
     * What every decision and card update reads, a finding by its id with its decisions and latest cleanup, is read with
     * Jdbi's fluent API and mapped by hand. The SqlObject way cost a busy server a third of its Slack work's CPU: each
     * attach builds a handler for every method of the Dao, and the constructor mapper works out its columns anew for
     * each query.
     */

    private static final RowMapper<Dao.Row> ROW = (rs, context) -> new Dao.Row(rs.getLong("id"), rs.getLong("organization_id"),
            rs.getString("account_id"), rs.getString("region"), rs.getString("resource_type"), rs.getString("resource_id"),
            rs.getString("resource_arn"), rs.getString("rule_id"), rs.getString("status"), rs.getObject("first_seen", OffsetDateTime.class),
            rs.getObject("snoozed_until", OffsetDateTime.class), rs.getBigDecimal("monthly_cost_usd"), rs.getString("cost_unknown_reason"),
            rs.getString("price_source"), rs.getString("price_date"), rs.getString("risk"), rs.getString("confidence"), rs.getString("action"),
            rs.getString("action_parameters"), rs.getString("reason"), rs.getString("evidence"), rs.getString("tags"));

    private static final RowMapper<Dao.DecisionRow> DECISION = (rs, context) -> new Dao.DecisionRow(rs.getLong("finding_id"),
            rs.getString("chat_user_id"), rs.getString("decision"), rs.getString("reason"), rs.getObject("snooze_until", OffsetDateTime.class),
            rs.getObject("created_at", OffsetDateTime.class));

    private static final RowMapper<Dao.CleanupRow> CLEANUP = (rs, context) -> new Dao.CleanupRow(rs.getLong("id"), rs.getLong("finding_id"),
            rs.getString("state"), rs.getString("backup_id"), rs.getString("error"), rs.getBoolean("dry_run"),
            rs.getObject("updated_at", OffsetDateTime.class), rs.getString("last_detail"));

    private StoredFindings() {
    }

    static Optional<StoredFinding> find(Handle handle, long organizationId, long findingId) {
        return one(handle, "SELECT " + COLUMNS + " FROM findings WHERE organization_id = :organization AND id = :id", organizationId, findingId);
    }

    /** The finding, holding its row until the transaction ends: decisions on one finding are taken one at a time. */
    static Optional<StoredFinding> lock(Handle handle, long organizationId, long findingId) {
        return one(handle, "SELECT " + COLUMNS + " FROM findings WHERE organization_id = :organization AND id = :id FOR UPDATE", organizationId,
                findingId);
    }

    private static Optional<StoredFinding> one(Handle handle, String sql, long organizationId, long findingId) {
        return handle.createQuery(sql).bind("organization", organizationId).bind("id", findingId).map(ROW).findOne()
                .map(row -> complete(handle, List.of(row)).get(0));
    }

    static List<StoredFinding> open(Handle handle, long organizationId, Optional<String> ruleId, BigDecimal min) {
        return complete(handle, handle.attach(Dao.class).open(organizationId, ruleId.orElse(null), min, atLeast(min)));
    }

    static List<StoredFinding> costliestOpen(Handle handle, long organizationId, int limit) {
        return complete(handle, handle.attach(Dao.class).costliestOpen(organizationId, limit));
    }

    /**
     * The condition that a finding costs at least {@code min} a month, an unknown cost counting as none. Above zero it
     * is the cost column's own range, which the open findings' index by cost answers: written as the COALESCE, it read
     * every open finding of the organization (with the Slack benchmark's 25,000, most of the time its work threads
     * spent waiting on the database).
     */
    private static String atLeast(BigDecimal min) {
        return min.signum() > 0 ? "monthly_cost_usd >= :min" : "COALESCE(monthly_cost_usd, 0) >= :min";
    }

    /** A page of the open findings in the chat's order, and how many there are, read in the database. */
    static FindingQueries.OpenPage openPage(Handle handle, long organizationId, Optional<String> ruleId, BigDecimal min, Optional<Instant> since,
                                            int offset, int limit) {
        Dao dao = handle.attach(Dao.class);
        OffsetDateTime from = since.map(at -> at.atOffset(ZoneOffset.UTC)).orElse(null);
        int total = dao.openCount(organizationId, ruleId.orElse(null), min, atLeast(min), from);
        List<StoredFinding> page = total == 0 ? List.of()
                : complete(handle, dao.openPage(organizationId, ruleId.orElse(null), min, atLeast(min), from, offset, limit));
        return new FindingQueries.OpenPage(total, page);
    }

    /** Counted and summed in the database, with the costliest {@code top} read whole: a dashboard's open waste. */
    static FindingQueries.OpenWaste openWaste(Handle handle, long organizationId, int top) {
        Dao.WasteRow waste = handle.attach(Dao.class).openWaste(organizationId);
        return new FindingQueries.OpenWaste(waste.findings(), waste.monthly(), costliestOpen(handle, organizationId, top));
    }

    static Map<String, Integer> openLowRiskByRule(Handle handle, long organizationId) {
        return handle.attach(Dao.class).openLowRiskByRule(organizationId).stream()
                .collect(java.util.stream.Collectors.toMap(Dao.RuleCount::ruleId, Dao.RuleCount::findings));
    }

    static List<StoredFinding> page(Handle handle, long organizationId, FindingFilter filter, long afterId, int limit) {
        return complete(handle, handle.attach(Dao.class).page(organizationId, filter.accountId().orElse(null), filter.region().orElse(null),
                filter.ruleId().orElse(null), filter.status().map(StoredFinding.Status::id).orElse(null), filter.minMonthlyUsd(), afterId, limit));
    }

    static List<StoredFinding> cleaned(Handle handle, long organizationId) {
        return complete(handle, handle.attach(Dao.class).cleaned(organizationId));
    }

    private static List<StoredFinding> complete(Handle handle, List<Dao.Row> rows) {
        long[] ids = rows.stream().mapToLong(Dao.Row::id).toArray();
        Map<Long, List<StoredFinding.DecisionRecord>> decisions = handle.createQuery("""
                        SELECT finding_id, chat_user_id, decision, reason, snooze_until, created_at FROM decisions
                        WHERE finding_id = ANY(:findings) ORDER BY id""")
                .bind("findings", ids).map(DECISION).stream().collect(Collectors.groupingBy(
                        Dao.DecisionRow::findingId, Collectors.mapping(StoredFindings::decision, Collectors.toList())));
        Map<Long, StoredFinding.CleanupView> cleanups = handle.createQuery("""
                        SELECT DISTINCT ON (finding_id) id, finding_id, state, backup_id, error, dry_run, updated_at,
                               step_log -> -1 ->> 'detail' AS last_detail
                        FROM cleanups WHERE finding_id = ANY(:findings) ORDER BY finding_id, id DESC""")
                .bind("findings", ids).map(CLEANUP).stream().collect(Collectors.toMap(Dao.CleanupRow::findingId, StoredFindings::cleanup));
        List<StoredFinding> found = new ArrayList<>();
        for (Dao.Row row : rows) {
            found.add(new StoredFinding(row.id(), row.organizationId(), finding(row), StoredFinding.Status.fromId(row.status()),
                    row.firstSeen().toInstant(), Optional.ofNullable(row.snoozedUntil()).map(OffsetDateTime::toInstant),
                    decisions.getOrDefault(row.id(), List.of()), Optional.ofNullable(cleanups.get(row.id()))));
        }
        return found;
    }

    static CleanupState state(String state, String backupId, String error, String lastDetail) {
        return CleanupState.fromStored(state, Optional.ofNullable(backupId),
                Optional.ofNullable(state.equals("rolled_back") ? lastDetail : error));
    }

    private static StoredFinding.CleanupView cleanup(Dao.CleanupRow row) {
        return new StoredFinding.CleanupView(row.id(), state(row.state(), row.backupId(), row.error(), row.lastDetail()), row.dryRun(),
                row.updatedAt().toInstant());
    }

    private static StoredFinding.DecisionRecord decision(Dao.DecisionRow row) {
        return new StoredFinding.DecisionRecord(row.chatUserId(), row.decision(), Optional.ofNullable(row.reason()),
                Optional.ofNullable(row.snoozeUntil()).map(OffsetDateTime::toInstant), row.createdAt().toInstant());
    }

    /** The finding as the scan found it, rebuilt from its row. */
    private static Finding finding(Dao.Row row) {
        ResourceRef ref = new ResourceRef(row.accountId(), Region.of(row.region()), ResourceType.fromId(row.resourceType()), row.resourceId(),
                row.resourceArn());
        Cost cost = row.monthlyCostUsd() == null
                ? new Cost.Unknown(row.costUnknownReason(), List.of())
                : new Cost.Known(Money.usd(row.monthlyCostUsd()), new PriceSource(Optional.ofNullable(row.priceSource()).orElse("stored"),
                        Optional.ofNullable(row.priceSource()).orElse("stored"), Optional.ofNullable(row.priceDate()).map(LocalDate::parse)));
        List<Fact> evidence = Json.readMap(row.evidence()).entrySet().stream()
                .map(entry -> new Fact(entry.getKey(), String.valueOf(entry.getValue()))).toList();
        return new Finding(row.ruleId(), ref, new Tags(strings(Json.readMap(row.tags()))), Action.fromId(row.action()),
                ActionParameters.read(strings(Json.readMap(row.actionParameters()))), Risk.fromId(row.risk()),
                Confidence.fromId(row.confidence()), cost, row.reason(), evidence);
    }

    private static Map<String, String> strings(Map<String, Object> values) {
        return values.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, entry -> String.valueOf(entry.getValue()),
                (a, b) -> a, TreeMap::new));
    }
}
