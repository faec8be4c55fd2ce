package io.cloudsweep.engine.store;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;

/** Reads stored findings as people ask for them. */
public interface FindingQueries {

    /** Finding {@code findingId} of the organization; empty when there is none (or it is another organization's). */
    Optional<StoredFinding> find(long organizationId, long findingId);

    /** The organization's findings awaiting a decision (open, awaiting a second approver, failed), costliest first. */
    List<StoredFinding> open(long organizationId, Optional<String> ruleId, BigDecimal minMonthlyUsd);

    /**
     * The organization's open waste in brief, for a dashboard: how many findings await a decision, their monthly cost, and
     * the {@code top} costliest of them. This default reads every open finding; a store with many should count in place.
     */
    default OpenWaste openWaste(long organizationId, int top) {
        List<StoredFinding> open = open(organizationId, Optional.empty(), BigDecimal.ZERO);
        BigDecimal monthly = open.stream().map(finding -> finding.finding().monthlyCost().map(money -> money.amount()).orElse(BigDecimal.ZERO))
                .reduce(BigDecimal.ZERO, BigDecimal::add);
        return new OpenWaste(open.size(), monthly, open.subList(0, Math.min(top, open.size())));
    }

    /**
     * A page of the organization's findings that {@code filter} admits, in the order they were first stored: at most
     * {@code limit} of them, all after finding {@code afterId} (0 for the first page).
     */
    List<StoredFinding> page(long organizationId, FindingFilter filter, long afterId, int limit);

    /** The organization's findings cleaned up for real and not undone, costliest first. */
    List<StoredFinding> cleaned(long organizationId);

    /** The organization's latest scan, if it ever scanned. */
    Optional<ScanRecord> lastScan(long organizationId);

    /** Open waste in brief: the findings awaiting a decision, their monthly cost, and the costliest few, costliest first. */
    record OpenWaste(int findings, BigDecimal monthlyUsd, List<StoredFinding> costliest) {
        public OpenWaste {
            costliest = List.copyOf(costliest);
        }
    }

    /** A stored scan in brief: when and by whom, how it ended, what it found. */
    record ScanRecord(long id, java.time.Instant startedAt, String startedBy, String status, int findings, BigDecimal monthlyCostUsd) {
    }
}
