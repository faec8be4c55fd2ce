package io.cloudsweep.engine.store;

import io.cloudsweep.engine.cleanup.CleanupState;
import io.cloudsweep.engine.model.CleanupId;
import io.cloudsweep.engine.model.Finding;
import io.cloudsweep.engine.model.FindingId;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A finding as stored: the finding itself, its id ({@code F-12}), where it stands, the decisions people took on
 * it and its latest cleanup. Everything a card shows; a card is a view of this and can be rebuilt at any time.
 */
public record StoredFinding(long id, long organizationId, Finding finding, Status status, Instant firstSeen,
                            Optional<Instant> snoozedUntil, List<DecisionRecord> decisions, Optional<CleanupView> cleanup) {

    public StoredFinding {
        Objects.requireNonNull(finding, "finding");
        Objects.requireNonNull(status, "status");
        decisions = List.copyOf(decisions);
    }

    /** The finding statuses, as in the {@code findings.status} column. */
    public enum Status {
        OPEN, SNOOZED, REJECTED, APPROVED, CLEANING, CLEANED, FAILED, RESOLVED, ROLLED_BACK;

        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        public static Status fromId(String id) {
            return valueOf(id.toUpperCase(java.util.Locale.ROOT));
        }

        /**
         * The status of a finding in this status once its cleanup moves to {@code state}: the one place where a finding's
         * status follows from its cleanup. A dry run or an abort leaves the finding open for a later decision; a finding a
         * scan resolved meanwhile (its resource gone) stays resolved whatever its cleanup comes to, but done for real.
         */
        public Status after(CleanupState state, boolean dryRun) {
            boolean doneForReal = state instanceof CleanupState.Done && !dryRun;
            if (this == RESOLVED && !doneForReal) {
                return RESOLVED;
            }
            if (state instanceof CleanupState.Approved) {
                return APPROVED;
            }
            if (state instanceof CleanupState.Done) {
                return dryRun ? OPEN : CLEANED;
            }
            if (state instanceof CleanupState.Aborted) {
                return OPEN;
            }
            if (state instanceof CleanupState.Failed) {
                return FAILED;
            }
            if (state instanceof CleanupState.RolledBack) {
                return ROLLED_BACK;
            }
            return CLEANING;
        }
    }

    /** One decision someone took: approve, snooze (until) or reject (why). */
    public record DecisionRecord(String userId, String decision, Optional<String> reason, Optional<Instant> snoozeUntil, Instant at) {
    }

    /** The finding's latest cleanup: {@code C-3}, its state, and when it entered it. */
    public record CleanupView(long id, CleanupState state, boolean dryRun, Instant since) {
        public CleanupId cleanupId() {
            return CleanupId.of(id);
        }
    }

    public FindingId findingId() {
        return FindingId.of(id);
    }

    /** The id people see: {@code F-12}. */
    public String label() {
        return findingId().toString();
    }

    /** Approvals counted towards the cleanup that has not started yet (those after the latest cleanup began). */
    public List<DecisionRecord> pendingApprovals() {
        Instant after = cleanup.map(CleanupView::since).orElse(Instant.MIN);
        return decisions.stream().filter(d -> d.decision().equals("approve") && d.at().isAfter(after)).toList();
    }
}
