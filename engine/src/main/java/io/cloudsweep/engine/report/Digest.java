package io.cloudsweep.engine.report;

import io.cloudsweep.engine.model.Money;
import io.cloudsweep.engine.model.ResourceType;
import io.cloudsweep.engine.store.StoredFinding;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a digest says of an organization's period, every figure read from the database: open waste now and at the
 * period's start, what was found, resolved and cleaned up in it, savings realised in it and in total, the costliest
 * open findings, what needs someone (snoozes ending soon, cleanups that failed or were aborted, approvals waiting for
 * a second admin), the trend of open waste and cumulative savings, and (for a month) its cleanups.
 *
 * @param openBefore open waste at the period's start, as last recorded then; empty when nothing was recorded before it
 */
public record Digest(Scope scope, Instant from, Instant to, ZoneId zone, WastePoint openNow, Optional<WastePoint> openBefore, Tally fresh,
                     Tally resolved, Tally cleaned, Money savedInPeriod, Savings.Totals savings, List<StoredFinding> top,
                     List<SnoozeEnding> snoozesEnding, List<EndedCleanup> failed, List<WaitingApproval> waiting, List<TrendPoint> trend,
                     List<CleanupLine> cleanups) {

    public Digest {
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(openNow, "openNow");
        Objects.requireNonNull(openBefore, "openBefore");
        top = List.copyOf(top);
        snoozesEnding = List.copyOf(snoozesEnding);
        failed = List.copyOf(failed);
        waiting = List.copyOf(waiting);
        trend = List.copyOf(trend);
        cleanups = List.copyOf(cleanups);
    }

    /** A weekly digest, or the monthly report (the calendar month before the one it is sent in). */
    public enum Scope {
        WEEK("weekly"), MONTH("monthly");

        private final String id;

        Scope(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }

        public static Scope fromId(String id) {
            for (Scope scope : values()) {
                if (scope.id.equals(id)) {
                    return scope;
                }
            }
            throw new IllegalArgumentException("no digest scope " + id + ": weekly or monthly");
        }
    }

    /** How many findings, and what they cost a month (those of unknown cost counted in {@code count}, not in the sum). */
    public record Tally(int count, Money monthly) {
        public static final Tally NONE = new Tally(0, Money.ZERO);
    }

    /** Open waste as recorded at a moment: how many open findings, and what they cost a month. */
    public record WastePoint(Instant at, int openFindings, Money openMonthly) {
    }

    /** A snoozed finding whose snooze ends soon. */
    public record SnoozeEnding(long findingId, String ruleId, String resourceId, Optional<Money> monthly, Instant until) {
    }

    /** A cleanup that failed or was aborted, and why. */
    public record EndedCleanup(long cleanupId, long findingId, String resourceId, String state, String reason, Instant at) {
    }

    /** An approval waiting for a second admin: on which finding, by whom, since when. */
    public record WaitingApproval(long findingId, String resourceId, String approvedBy, Instant since) {
    }

    /** One week of the trend: open waste as last recorded by its end (empty before anything was recorded), and savings realised by then. */
    public record TrendPoint(Instant weekEnding, Optional<Money> openWaste, Money savedToDate) {
    }

    /** A cleanup of the period, for the monthly CSV: how it stands, when it was done (and undone), what it saves a month. */
    public record CleanupLine(long cleanupId, long findingId, String ruleId, ResourceType type, String resourceId, String accountId, String region,
                              String state, boolean dryRun, Optional<Instant> doneAt, Optional<Instant> undoneAt, Optional<Money> monthly) {

        /** What it saved in [{@code from}, {@code to}): nothing unless done for real. */
        public Money savedBetween(Instant from, Instant to) {
            if (dryRun || doneAt.isEmpty()) {
                return Money.ZERO;
            }
            return Savings.between(List.of(new Realised(cleanupId, findingId, ruleId, type, resourceId, accountId, monthly, doneAt.get(), undoneAt)),
                    from, to);
        }
    }

    /** How open waste moved over the period; empty when nothing was recorded before it. */
    public Optional<Money> openChange() {
        return openBefore.map(before -> openNow.openMonthly().minus(before.openMonthly()));
    }
}
