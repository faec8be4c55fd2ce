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
import org.jdbi.v3.core.Jdbi;

import java.math.RoundingMode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
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
 *       storing at the same time never duplicate a finding;</li>
 *   <li>a region that comes back with fewer than a tenth of the resources the scan before it saw there, when that
 *       was {@value #DOUBTED_FROM} or more, is doubted (AWS answering empty for a while, a role that sees less): none of
 *       its findings is resolved, and the summary says so. Its count is kept, so a second scan that agrees is believed
 *       (the way Swabbie refuses a suspiciously small inventory).</li>
 * </ul>
 * Thread-safe.
 */
public final class PostgresFindingStore implements FindingStore {

    /** How many resources a region must have held for a sudden drop to be doubted. */
    static final int DOUBTED_FROM = 50;

    /** A region whose unseen findings are not resolved this time: what it held before and now. */
    private record Held(String accountId, Region region, int before, int now) {
        String sentence() {
            return accountId + " " + region.code() + ": the inventory came back with " + now + " resource" + (now == 1 ? "" : "s")
                    + " where the scan before saw " + before + "; none of its findings was resolved, until a second scan agrees";
        }
    }

    private final Jdbi jdbi;

    public PostgresFindingStore(Database database) {
        this.jdbi = database.jdbi();
    }

    @Override
    public SavedScan save(Organization organization, ScanReport report) {
        return jdbi.inTransaction(handle -> {
            FindingDao dao = handle.attach(FindingDao.class);
            List<Exclusions.Rule> inForce = Exclusions.inForce(handle, organization.id());
            List<Finding> excluded = report.findings().stream().filter(finding -> inForce.stream().anyMatch(rule -> rule.covers(finding)))
                    .toList();
            List<Finding> kept = report.findings().stream().filter(finding -> !excluded.contains(finding)).toList();
            List<Held> held = doubted(dao, organization, report);
            long scanId = insertScan(dao, organization, report, ScanReport.Totals.of(kept), held);
            List<Finding> fresh = new ArrayList<>();
            int updated = 0;
            for (Finding finding : kept) {
                boolean isNew = dao.upsert(row(organization, scanId, report, finding));
                if (isNew) {
                    fresh.add(finding);
                }
                updated += isNew ? 0 : 1;
            }
            int inserted = fresh.size();
            int resolved = resolveUnseen(dao, organization, report, held);
            recordLastScans(dao, organization, scanId, report);
            PostgresReports.record(handle, organization.id(), report.finishedAt());
            ScanNotices.enqueue(handle, organization, scanId, report, kept, fresh, updated, resolved);
            return new SavedScan(scanId, inserted, updated, resolved, excluded, held.stream().map(Held::sentence).toList());
        });
    }

    /** The regions read that came back with under a tenth of what the scan before saw there, when that was many. */
    private static List<Held> doubted(FindingDao dao, Organization organization, ScanReport report) {
        List<Held> held = new ArrayList<>();
        for (ScanReport.RegionSeen seen : report.seen()) {
            dao.lastSeenResources(organization.id(), seen.accountId(), seen.region().code())
                    .filter(before -> before >= DOUBTED_FROM && seen.resources() * 10 < before)
                    .ifPresent(before -> held.add(new Held(seen.accountId(), seen.region(), before, seen.resources())));
        }
        return held;
    }

    /** The scan's row, with the totals of what it stored: exclusions are not counted as waste. */
    private static long insertScan(FindingDao dao, Organization organization, ScanReport report, ScanReport.Totals totals, List<Held> held) {
        int regions = report.regions().size() * report.accounts().size();
        String status = report.failedRegions().isEmpty() && report.gaps().isEmpty() && report.failedAccounts().isEmpty() && held.isEmpty()
                ? "completed"
                : report.failedAccounts().size() >= report.accounts().size() || report.failedRegions().size() >= regions ? "failed" : "partial";
        return dao.insertScan(new FindingDao.ScanRow(organization.id(), report.startedBy(), status, time(report.startedAt()),
                time(report.finishedAt()), regions, report.resourcesScanned(), Json.write(regionResults(report, held)), totals.findings(),
                totals.monthly().amount().setScale(2, RoundingMode.HALF_UP), totals.unknownCost()));
    }

    private static FindingDao.FindingRow row(Organization organization, long scanId, ScanReport report, Finding finding) {
        Map<String, String> evidence = new LinkedHashMap<>();
        for (Fact fact : finding.evidence()) {
            evidence.put(fact.name(), fact.value());
        }
        Cost cost = finding.cost();
        Cost.Known known = cost instanceof Cost.Known k ? k : null;
        return new FindingDao.FindingRow(organization.id(), finding.resource().accountId(), finding.resource().region().code(),
                finding.resource().type().id(), finding.resource().id(), finding.resource().arn(), finding.ruleId(),
                time(report.startedAt()), scanId,
                finding.monthlyCost().map(money -> money.amount().setScale(2, RoundingMode.HALF_UP)).orElse(null),
                cost instanceof Cost.Unknown unknown ? unknown.reason() : null,
                known == null ? null : known.source().origin(),
                known == null ? null : known.source().effective().map(Object::toString).orElse(null),
                finding.risk().id(), finding.confidence().id(), finding.action().id(), Json.write(finding.parameters().fields()), finding.reason(),
                Json.write(evidence), Json.write(finding.tags().values()));
    }

    /** Each scanned account's last scan: when, how it went, and its first error. */
    private static void recordLastScans(FindingDao dao, Organization organization, long scanId, ScanReport report) {
        for (var account : report.accounts()) {
            Optional<String> error = report.failedAccounts().stream().filter(f -> f.accountId().equals(account.id()))
                    .map(ScanReport.FailedAccount::error).findFirst()
                    .or(() -> report.failedRegions().stream().filter(f -> f.accountId().equals(account.id()))
                            .map(f -> f.region().code() + ": " + f.error()).findFirst());
            long regionsFailed = report.failedRegions().stream().filter(f -> f.accountId().equals(account.id())).count();
            String status = report.accountFailed(account.id()) || !report.regions().isEmpty() && regionsFailed >= report.regions().size()
                    ? "failed" : error.isPresent() || report.gaps().stream().anyMatch(g -> g.accountId().equals(account.id())) ? "partial" : "completed";
            dao.recordLastScan(organization.id(), account.id(), scanId, time(report.finishedAt()), status, error.orElse(null));
        }
    }

    /** Resolves what was not seen in each region this scan read, skipping failed and doubted regions, and missing types. */
    private static int resolveUnseen(FindingDao dao, Organization organization, ScanReport report, List<Held> held) {
        int resolved = 0;
        for (var account : report.accounts()) {
            if (report.accountFailed(account.id())) {
                continue;
            }
            for (Region region : report.regions()) {
                if (failed(report, account.id(), region) || held(held, account.id(), region).isPresent()) {
                    continue;
                }
                Set<String> skipped = new TreeSet<>();
                for (ScanGap gap : report.gaps()) {
                    if (gap.accountId().equals(account.id()) && gap.region().equals(region)) {
                        gap.types().stream().map(ResourceType::id).forEach(skipped::add);
                    }
                }
                resolved += dao.resolveUnseen(organization.id(), account.id(), region.code(), time(report.startedAt()),
                        time(report.finishedAt()), skipped.toArray(String[]::new));
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

    private static Optional<Held> held(List<Held> held, String accountId, Region region) {
        return held.stream().filter(h -> h.accountId().equals(accountId) && h.region().equals(region)).findFirst();
    }

    private static List<Map<String, Object>> regionResults(ScanReport report, List<Held> held) {
        List<Map<String, Object>> results = new ArrayList<>();
        for (var account : report.accounts()) {
            Optional<ScanReport.FailedAccount> unreachable = report.failedAccounts().stream()
                    .filter(failed -> failed.accountId().equals(account.id())).findFirst();
            if (unreachable.isPresent()) {
                Map<String, Object> result = new LinkedHashMap<>();
                result.put("account_id", account.id());
                result.put("region", "*");
                result.put("status", "failed");
                result.put("error", unreachable.get().error());
                results.add(result);
                continue;
            }
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
                report.resourcesIn(account.id(), region).ifPresent(count -> result.put("resources", count));
                held(held, account.id(), region).ifPresent(doubt -> result.put("doubted", doubt.sentence()));
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
