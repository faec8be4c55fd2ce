package io.cloudsweep.engine.scan;

import io.cloudsweep.engine.model.Account;
import io.cloudsweep.engine.model.Finding;
import io.cloudsweep.engine.model.Money;
import io.cloudsweep.engine.model.Region;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The outcome of one scan: what was scanned, what failed, the findings (most expensive first, unknown costs
 * last) and what the rules could not decide.
 *
 * @param startedBy who or what asked for the scan, as in the request
 * @param regions the regions scanned, in any account, successful or not
 * @param gaps    parts of regions that could not be read, while the rest of the region was
 * @param failedAccounts accounts that could not be reached at all (a role gone, access denied): none of their
 *                       findings is resolved, and the other accounts' scans complete
 * @param seen    how many resources each region that was read held, so that one which suddenly comes back (nearly) empty
 *                can be doubted rather than believed
 */
public record ScanReport(
        String startedBy,
        Instant startedAt,
        Instant finishedAt,
        List<Account> accounts,
        List<Region> regions,
        List<FailedRegion> failedRegions,
        List<ScanGap> gaps,
        int resourcesScanned,
        List<Finding> findings,
        List<Diagnostic> diagnostics,
        List<FailedAccount> failedAccounts,
        List<RegionSeen> seen) {

    /** An account none of whose regions could be listed, and why. */
    public record FailedAccount(String accountId, String error) {
    }

    /** A region of an account that was read, and how many resources it held. */
    public record RegionSeen(String accountId, Region region, int resources) {
    }

    /** A report that counted no region's resources (one that failed, or one made by hand). */
    public ScanReport(String startedBy, Instant startedAt, Instant finishedAt, List<Account> accounts, List<Region> regions,
                      List<FailedRegion> failedRegions, List<ScanGap> gaps, int resourcesScanned, List<Finding> findings,
                      List<Diagnostic> diagnostics, List<FailedAccount> failedAccounts) {
        this(startedBy, startedAt, finishedAt, accounts, regions, failedRegions, gaps, resourcesScanned, findings, diagnostics, failedAccounts,
                List.of());
    }

    /** A report in which every account was reached. */
    public ScanReport(String startedBy, Instant startedAt, Instant finishedAt, List<Account> accounts, List<Region> regions,
                      List<FailedRegion> failedRegions, List<ScanGap> gaps, int resourcesScanned, List<Finding> findings,
                      List<Diagnostic> diagnostics) {
        this(startedBy, startedAt, finishedAt, accounts, regions, failedRegions, gaps, resourcesScanned, findings, diagnostics, List.of());
    }

    public ScanReport {
        failedAccounts = List.copyOf(failedAccounts);
        accounts = List.copyOf(accounts);
        regions = List.copyOf(regions);
        failedRegions = List.copyOf(failedRegions);
        gaps = List.copyOf(gaps);
        findings = List.copyOf(findings);
        diagnostics = List.copyOf(diagnostics);
        seen = List.copyOf(seen);
    }

    /** How many resources region {@code region} of {@code accountId} held, when it was read and counted. */
    public java.util.OptionalInt resourcesIn(String accountId, Region region) {
        return seen.stream().filter(at -> at.accountId().equals(accountId) && at.region().equals(region)).mapToInt(RegionSeen::resources)
                .findFirst();
    }

    /** This report without the findings known to cost less than {@code minimum} a month (unknown costs stay). */
    public ScanReport withMinimumMonthlyCost(Money minimum) {
        List<Finding> kept = findings.stream().filter(finding -> finding.monthlyCost().map(cost -> cost.compareTo(minimum) >= 0).orElse(true)).toList();
        return new ScanReport(startedBy, startedAt, finishedAt, accounts, regions, failedRegions, gaps, resourcesScanned, kept, diagnostics,
                failedAccounts, seen);
    }

    /** Whether {@code accountId} could not be reached at all. */
    public boolean accountFailed(String accountId) {
        return failedAccounts.stream().anyMatch(failed -> failed.accountId().equals(accountId));
    }

    public Duration duration() {
        return Duration.between(startedAt, finishedAt);
    }

    public Totals totals() {
        return Totals.of(findings);
    }

    /**
     * Sums of the findings' monthly costs as reported (in cents), so a total always equals the sum of the
     * figures shown. Findings of unknown cost are counted apart.
     */
    public record Totals(int findings, Money monthly, Money annual, int unknownCost, Map<String, RuleTotal> byRule) {

        public static Totals of(List<Finding> findings) {
            Map<String, RuleTotal> byRule = new TreeMap<>();
            Money monthly = Money.ZERO;
            int unknown = 0;
            for (Finding finding : findings) {
                Money cost = finding.monthlyCost().orElse(Money.ZERO);
                monthly = monthly.plus(cost);
                unknown += finding.monthlyCost().isEmpty() ? 1 : 0;
                byRule.merge(finding.ruleId(), new RuleTotal(1, cost), RuleTotal::plus);
            }
            return new Totals(findings.size(), monthly, monthly.times(12), unknown, byRule);
        }
    }

    public record RuleTotal(int findings, Money monthly) {
        RuleTotal plus(RuleTotal other) {
            return new RuleTotal(findings + other.findings, monthly.plus(other.monthly));
        }
    }
}
