package io.cloudsweep.storage;

import io.cloudsweep.engine.model.Finding;
import io.cloudsweep.engine.model.Money;
import io.cloudsweep.engine.scan.ScanReport;
import io.cloudsweep.engine.store.NotifyEvent;
import io.cloudsweep.engine.store.Organization;
import org.jdbi.v3.core.Handle;

import java.math.BigDecimal;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The notifications a stored scan causes, written in the scan's own transaction: {@code scan.finished}, and {@code findings.new}. */
final class ScanNotices {

    /** New findings listed in a notification; the rest are counted. */
    private static final int LISTED = 20;

    private ScanNotices() {
    }

    static void enqueue(Handle handle, Organization organization, long scanId, ScanReport report, List<Finding> kept, List<Finding> fresh,
                        int seenAgain, int resolved) {
        ScanReport.Totals totals = ScanReport.Totals.of(kept);
        Map<String, Object> finished = new LinkedHashMap<>();
        finished.put("scan", scanId);
        finished.put("started_by", report.startedBy());
        finished.put("started_at", report.startedAt().toString());
        finished.put("finished_at", report.finishedAt().toString());
        finished.put("accounts", report.accounts().stream().map(account -> account.id()).toList());
        finished.put("findings", totals.findings());
        finished.put("monthly_cost_usd", totals.monthly().toCents().amount());
        finished.put("new", fresh.size());
        finished.put("seen_again", seenAgain);
        finished.put("resolved", resolved);
        finished.put("failed_regions", report.failedRegions().size());
        finished.put("failed_accounts", report.failedAccounts().stream().map(ScanReport.FailedAccount::accountId).toList());
        Outbox.enqueue(handle, organization.id(), NotifyEvent.SCAN_FINISHED, "scan-" + scanId, finished, BigDecimal.ZERO, report.finishedAt());
        if (fresh.isEmpty()) {
            return;
        }
        Money monthly = fresh.stream().map(finding -> finding.monthlyCost().orElse(Money.ZERO)).reduce(Money.ZERO, Money::plus).toCents();
        Map<String, Object> found = new LinkedHashMap<>();
        found.put("scan", scanId);
        found.put("count", fresh.size());
        found.put("monthly_cost_usd", monthly.amount());
        found.put("findings", fresh.stream().sorted(Comparator.comparing((Finding f) -> f.monthlyCost().orElse(Money.ZERO)).reversed())
                .limit(LISTED).map(ScanNotices::finding).toList());
        Outbox.enqueue(handle, organization.id(), NotifyEvent.NEW_FINDINGS, "scan-" + scanId + "-new", found, monthly.amount(), report.finishedAt());
    }

    private static Map<String, Object> finding(Finding finding) {
        Map<String, Object> shown = new LinkedHashMap<>();
        shown.put("rule", finding.ruleId());
        shown.put("resource_type", finding.resource().type().id());
        shown.put("resource_id", finding.resource().id());
        shown.put("account_id", finding.resource().accountId());
        shown.put("region", finding.resource().region().code());
        shown.put("monthly_cost_usd", finding.monthlyCost().map(money -> money.toCents().amount()).orElse(null));
        shown.put("risk", finding.risk().id());
        shown.put("reason", finding.reason());
        return shown;
    }
}
