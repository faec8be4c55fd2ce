package io.cloudsweep.storage;

import io.cloudsweep.engine.model.Cost;
import io.cloudsweep.engine.model.Fact;
import io.cloudsweep.engine.model.Finding;
import io.cloudsweep.engine.model.Region;
import io.cloudsweep.engine.model.ResourceType;
import io.cloudsweep.engine.scan.FailedRegion;
import io.cloudsweep.engine.scan.ScanGap;
import io.cloudsweep.engine.scan.ScanReport;
import io.cloudsweep.engine.store.FindingStore;
import io.cloudsweep.engine.store.Organization;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

import java.math.RoundingMode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The engine's {@link FindingStore} on PostgreSQL. One transaction a scan:
 * <ul>
 *   <li>findings seen again keep their status and first-seen time; their last-seen time, cost and evidence
 *       update. A resolved finding seen again opens again; a snoozed one whose date has passed too;</li>
 *   <li>resources an exclusion in force covers are left out;</li>
 *   <li>in every region scanned whole, open, snoozed, approved and failed findings last seen before this scan
 *       began are resolved; a failed region resolves nothing, a region read in part nothing of the missing
 *       types. "Before this scan began" (not "not by this scan") means two scans storing at once never
 *       resolve what the other just saw;</li>
 *   <li>the unique key (organization, account, region, resource, rule) and {@code ON CONFLICT} mean scans
 *       storing at the same time never duplicate a finding.</li>
 * </ul>
 * Thread-safe.
 */
public final class PostgresFindingStore implements FindingStore {

    private static final String UPSERT = """
            INSERT INTO findings (organization_id, account_id, region, resource_type, resource_id, resource_arn, rule_id,
                                  first_seen, last_seen, first_scan_id, last_scan_id, monthly_cost_usd, cost_unknown_reason,
                                  price_source, price_date, risk, confidence, action, reason, evidence, tags, updated_at)
            VALUES (:organization, :account, :region, :type, :resource, :arn, :rule, :seen, :seen, :scan, :scan, :cost,
                    :unknownReason, :priceSource, CAST(:priceDate AS date), :risk, :confidence, :action, :reason,
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
            RETURNING (xmax = 0) AS inserted""";

    private static final String RESOLVE = """
            UPDATE findings SET status = 'resolved', resolved_at = :now, updated_at = now()
            WHERE organization_id = :organization AND account_id = :account AND region = :region
              AND status IN ('open', 'snoozed', 'approved', 'failed')
              AND last_seen < :scanStarted
              AND NOT (resource_type = ANY (:skippedTypes))""";

    private final Jdbi jdbi;
    private final Exclusions exclusions;

    public PostgresFindingStore(Database database) {
        this.jdbi = database.jdbi();
        this.exclusions = new Exclusions(database);
    }

    @Override
    public SavedScan save(Organization organization, ScanReport report) {
        return jdbi.inTransaction(handle -> {
            long scanId = insertScan(handle, organization, report);
            List<Exclusions.Rule> inForce = exclusions.inForce(handle, organization.id());
            int inserted = 0;
            int updated = 0;
            int excluded = 0;
            for (Finding finding : report.findings()) {
                if (inForce.stream().anyMatch(rule -> rule.covers(finding))) {
                    excluded++;
                    continue;
                }
                boolean isNew = upsert(handle, organization, scanId, report, finding);
                inserted += isNew ? 1 : 0;
                updated += isNew ? 0 : 1;
            }
            int resolved = resolveUnseen(handle, organization, report);
            return new SavedScan(scanId, inserted, updated, resolved, excluded);
        });
    }

    private static long insertScan(Handle handle, Organization organization, ScanReport report) {
        int regions = report.regions().size() * report.accounts().size();
        String status = report.failedRegions().isEmpty() && report.gaps().isEmpty() ? "completed"
                : report.failedRegions().size() >= regions ? "failed" : "partial";
        ScanReport.Totals totals = report.totals();
        return handle.createQuery("""
                        INSERT INTO scans (organization_id, started_by, status, started_at, finished_at, regions_total, regions_done,
                                           resources_seen, region_results, findings_count, monthly_cost_usd, unknown_cost_count)
                        VALUES (:organization, :startedBy, :status, :startedAt, :finishedAt, :regions, :regions, :resources,
                                CAST(:results AS jsonb), :findings, :monthly, :unknown)
                        RETURNING id""")
                .bind("organization", organization.id())
                .bind("startedBy", report.startedBy())
                .bind("status", status)
                .bind("startedAt", time(report.startedAt()))
                .bind("finishedAt", time(report.finishedAt()))
                .bind("regions", regions)
                .bind("resources", report.resourcesScanned())
                .bind("results", Json.write(regionResults(report)))
                .bind("findings", totals.findings())
                .bind("monthly", totals.monthly().amount().setScale(2, RoundingMode.HALF_UP))
                .bind("unknown", totals.unknownCost())
                .mapTo(Long.class)
                .one();
    }

    private static boolean upsert(Handle handle, Organization organization, long scanId, ScanReport report, Finding finding) {
        Map<String, String> evidence = new LinkedHashMap<>();
        for (Fact fact : finding.evidence()) {
            evidence.put(fact.name(), fact.value());
        }
        Cost cost = finding.cost();
        return handle.createQuery(UPSERT)
                .bind("organization", organization.id())
                .bind("account", finding.resource().accountId())
                .bind("region", finding.resource().region().code())
                .bind("type", finding.resource().type().id())
                .bind("resource", finding.resource().id())
                .bind("arn", finding.resource().arn())
                .bind("rule", finding.ruleId())
                .bind("seen", time(report.startedAt()))
                .bind("scan", scanId)
                .bind("cost", finding.monthlyCost().map(money -> money.amount().setScale(2, RoundingMode.HALF_UP)).orElse(null))
                .bind("unknownReason", cost instanceof Cost.Unknown unknown ? unknown.reason() : null)
                .bind("priceSource", cost instanceof Cost.Known known ? known.source().origin() : null)
                .bind("priceDate", cost instanceof Cost.Known known ? known.source().effective().map(Object::toString).orElse(null) : null)
                .bind("risk", finding.risk().id())
                .bind("confidence", finding.confidence().id())
                .bind("action", finding.action().id())
                .bind("reason", finding.reason())
                .bind("evidence", Json.write(evidence))
                .bind("tags", Json.write(finding.tags().values()))
                .mapTo(Boolean.class)
                .one();
    }

    /** Resolves what was not seen in each region this scan read, skipping failed regions and missing types. */
    private static int resolveUnseen(Handle handle, Organization organization, ScanReport report) {
        int resolved = 0;
        for (var account : report.accounts()) {
            for (Region region : report.regions()) {
                if (failed(report, account.id(), region)) {
                    continue;
                }
                Set<String> skipped = new TreeSet<>();
                for (ScanGap gap : report.gaps()) {
                    if (gap.accountId().equals(account.id()) && gap.region().equals(region)) {
                        gap.types().stream().map(ResourceType::id).forEach(skipped::add);
                    }
                }
                resolved += handle.createUpdate(RESOLVE)
                        .bind("now", time(report.finishedAt()))
                        .bind("organization", organization.id())
                        .bind("account", account.id())
                        .bind("region", region.code())
                        .bind("scanStarted", time(report.startedAt()))
                        .bindArray("skippedTypes", String.class, skipped.toArray(String[]::new))
                        .execute();
            }
        }
        return resolved;
    }

    private static boolean failed(ScanReport report, String accountId, Region region) {
        for (FailedRegion failed : report.failedRegions()) {
            if (failed.accountId().equals(accountId) && failed.region().equals(region)) {
                return true;
            }
        }
        return false;
    }

    private static List<Map<String, Object>> regionResults(ScanReport report) {
        List<Map<String, Object>> results = new ArrayList<>();
        for (var account : report.accounts()) {
            for (Region region : report.regions()) {
                Map<String, Object> result = new LinkedHashMap<>();
                result.put("account_id", account.id());
                result.put("region", region.code());
                result.put("status", failed(report, account.id(), region) ? "failed" : "completed");
                report.failedRegions().stream().filter(f -> f.accountId().equals(account.id()) && f.region().equals(region))
                        .findFirst().ifPresent(f -> result.put("error", f.error()));
                List<String> gaps = report.gaps().stream().filter(g -> g.accountId().equals(account.id()) && g.region().equals(region))
                        .map(ScanGap::error).toList();
                if (!gaps.isEmpty()) {
                    result.put("gaps", gaps);
                }
                results.add(result);
            }
        }
        return results;
    }

    /** PostgreSQL keeps microseconds: times are cut to them before they are stored or compared. */
    private static OffsetDateTime time(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC);
    }
}
