package io.cloudsweep.engine.store;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
     * A page of what {@link #open} gives, only the findings first seen at or after {@code since}, in the order the chat
     * lists them ({@link #byRuleThenCost}): at most {@code limit} from position {@code offset}, with how many there are in
     * all. This default reads every open finding; a store with many should page in place.
     */
    default OpenPage openPage(long organizationId, Optional<String> ruleId, BigDecimal minMonthlyUsd, Optional<Instant> since, int offset,
                              int limit) {
        List<StoredFinding> all = byRuleThenCost(open(organizationId, ruleId, minMonthlyUsd).stream()
                .filter(finding -> since.map(at -> !finding.firstSeen().isBefore(at)).orElse(true)).toList());
        return new OpenPage(all.size(), all.subList(Math.min(offset, all.size()), Math.min(offset + limit, all.size())));
    }

    /**
     * How many of the organization's open findings are of low risk, by rule (rules with none left out): what each
     * rule's Approve all low-risk button would approve. This default reads every open finding; a store with many should
     * count in place.
     */
    default Map<String, Integer> openLowRiskByRule(long organizationId) {
        Map<String, Integer> counts = new HashMap<>();
        open(organizationId, Optional.empty(), BigDecimal.ZERO).stream().filter(finding -> finding.finding().risk() == io.cloudsweep.engine.model.Risk.LOW)
                .forEach(finding -> counts.merge(finding.finding().ruleId(), 1, Integer::sum));
        return counts;
    }

    /** Findings grouped by rule, the costliest group first (by the sum of its monthly costs, then by name), costliest finding first. */
    static List<StoredFinding> byRuleThenCost(List<StoredFinding> findings) {
        Map<String, BigDecimal> ruleCost = new HashMap<>();
        findings.forEach(f -> ruleCost.merge(f.finding().ruleId(), cost(f), BigDecimal::add));
        List<StoredFinding> sorted = new ArrayList<>(findings);
        sorted.sort(Comparator.comparing((StoredFinding f) -> ruleCost.get(f.finding().ruleId())).reversed()
                .thenComparing(f -> f.finding().ruleId())
                .thenComparing(Comparator.comparing(FindingQueries::cost).reversed()));
        return sorted;
    }

    private static BigDecimal cost(StoredFinding finding) {
        return finding.finding().monthlyCost().map(money -> money.amount()).orElse(BigDecimal.ZERO);
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

    /** A page of open findings, and how many there are in all. */
    record OpenPage(int total, List<StoredFinding> findings) {
        public OpenPage {
            findings = List.copyOf(findings);
        }
    }

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
