package io.cloudsweep.storage;

import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

import java.math.BigDecimal;
import java.time.OffsetDateTime;

/** The SQL of the finding store, as a Jdbi SqlObject attached to the store's transaction. */
interface FindingDao {

    /** One scan, as stored. */
    record ScanRow(long organization, String startedBy, String status, OffsetDateTime startedAt, OffsetDateTime finishedAt, int regions,
                   int resources, String results, int findings, BigDecimal monthly, int unknown) {
    }

    /** One finding, as stored; {@code cost} is null when {@code unknownReason} says why. */
    record FindingRow(long organization, String account, String region, String type, String resource, String arn, String rule,
                      OffsetDateTime seen, long scan, BigDecimal cost, String unknownReason, String priceSource, String priceDate,
                      String risk, String confidence, String action, String actionParameters, String reason, String evidence, String tags) {
    }

    @SqlQuery("""
            INSERT INTO scans (organization_id, started_by, status, started_at, finished_at, regions_total, regions_done,
                               resources_seen, region_results, findings_count, monthly_cost_usd, unknown_cost_count)
            VALUES (:organization, :startedBy, :status, :startedAt, :finishedAt, :regions, :regions, :resources,
                    CAST(:results AS jsonb), :findings, :monthly, :unknown)
            RETURNING id""")
    long insertScan(@BindMethods ScanRow scan);

    /**
     * Inserts the finding, or updates the one seen before: last-seen, cost and evidence change, the status stays
     * but for a resolved finding (it opens again) and a snooze whose date has passed. True when inserted.
     */
    @SqlQuery("""
            INSERT INTO findings (organization_id, account_id, region, resource_type, resource_id, resource_arn, rule_id,
                                  first_seen, last_seen, first_scan_id, last_scan_id, monthly_cost_usd, cost_unknown_reason,
                                  price_source, price_date, risk, confidence, action, action_parameters, reason, evidence, tags, updated_at)
            VALUES (:organization, :account, :region, :type, :resource, :arn, :rule, :seen, :seen, :scan, :scan, :cost,
                    :unknownReason, :priceSource, CAST(:priceDate AS date), :risk, :confidence, :action, CAST(:actionParameters AS jsonb), :reason,
                    CAST(:evidence AS jsonb), CAST(:tags AS jsonb), now())
            ON CONFLICT (organization_id, account_id, region, resource_id, rule_id) DO UPDATE SET
                last_seen = GREATEST(findings.last_seen, EXCLUDED.last_seen),
                last_scan_id = EXCLUDED.last_scan_id,
                resource_arn = EXCLUDED.resource_arn,
                monthly_cost_usd = EXCLUDED.monthly_cost_usd,
                cost_unknown_reason = EXCLUDED.cost_unknown_reason,
                price_source = EXCLUDED.price_source,
                price_date = EXCLUDED.price_date,
                risk = EXCLUDED.risk,
                confidence = EXCLUDED.confidence,
                action = EXCLUDED.action,
                action_parameters = EXCLUDED.action_parameters,
                reason = EXCLUDED.reason,
                evidence = EXCLUDED.evidence,
                tags = EXCLUDED.tags,
                status = CASE
                    WHEN findings.status = 'resolved' THEN 'open'
                    WHEN findings.status = 'snoozed' AND findings.snoozed_until <= EXCLUDED.last_seen THEN 'open'
                    ELSE findings.status END,
                snoozed_until = CASE
                    WHEN findings.status = 'snoozed' AND findings.snoozed_until <= EXCLUDED.last_seen THEN NULL
                    ELSE findings.snoozed_until END,
                resolved_at = CASE WHEN findings.status = 'resolved' THEN NULL ELSE findings.resolved_at END,
                updated_at = now()
            RETURNING (xmax = 0) AS inserted""")
    boolean upsert(@BindMethods FindingRow finding);

    /**
     * Resolves what a complete scan of the region did not see: last seen before the scan began, not of a skipped type,
     * whatever became of an earlier cleanup (an undone one too: its resource may be back under a new id). A finding being
     * cleaned up or cleaned stays as it is.
     */
    @SqlUpdate("""
            UPDATE aws_accounts SET last_scan_id = :scan, last_scan_at = :at, last_scan_status = :status, last_scan_error = :error
            WHERE organization_id = :organization AND account_id = :account""")
    void recordLastScan(@Bind("organization") long organization, @Bind("account") String account, @Bind("scan") long scanId,
                        @Bind("at") OffsetDateTime at, @Bind("status") String status, @Bind("error") String error);

    /** How many resources the latest scan that counted them saw in the region, from its region results. */
    @SqlQuery("""
            SELECT CAST(r ->> 'resources' AS integer)
            FROM scans s CROSS JOIN LATERAL jsonb_array_elements(s.region_results) r
            WHERE s.organization_id = :organization AND r ->> 'account_id' = :account AND r ->> 'region' = :region
              AND r ->> 'resources' IS NOT NULL
            ORDER BY s.id DESC LIMIT 1""")
    java.util.Optional<Integer> lastSeenResources(@Bind("organization") long organization, @Bind("account") String account,
                                                  @Bind("region") String region);

    @SqlUpdate("""
            UPDATE findings SET status = 'resolved', resolved_at = :now, updated_at = now()
            WHERE organization_id = :organization AND account_id = :account AND region = :region
              AND status IN ('open', 'snoozed', 'approved', 'failed', 'rolled_back')
              AND last_seen < :scanStarted
              AND NOT (resource_type = ANY (:skippedTypes))""")
    int resolveUnseen(@Bind("organization") long organization, @Bind("account") String account, @Bind("region") String region,
                      @Bind("scanStarted") OffsetDateTime scanStarted, @Bind("now") OffsetDateTime now,
                      @Bind("skippedTypes") String[] skippedTypes);
}
