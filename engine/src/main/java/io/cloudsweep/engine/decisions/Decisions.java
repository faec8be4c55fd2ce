package io.cloudsweep.engine.decisions;

import io.cloudsweep.engine.approval.Actor;
import io.cloudsweep.engine.cleanup.CleanupState;
import io.cloudsweep.engine.store.StoredFinding;

import java.time.Instant;
import java.util.Optional;

/**
 * What people decide about findings. Each call is one transaction holding the finding, so concurrent clicks on
 * one finding are taken one after the other: the policy sees every earlier approval, and however many
 * approvals race, one cleanup is begun.
 */
public interface Decisions {

    /** What an approval led to. */
    sealed interface Approval {
        StoredFinding finding();

        /** A cleanup was begun by this approval: schedule it. */
        record Started(StoredFinding finding, long cleanupId, boolean dryRun) implements Approval {
        }

        /** A cleanup of this finding was begun before (a second click, a redelivered request): nothing new. */
        record AlreadyBegun(StoredFinding finding, long cleanupId, CleanupState state) implements Approval {
        }

        /** Counted; another admin must approve too. */
        record Awaiting(StoredFinding finding, String message) implements Approval {
        }

        /** Not counted, with why. */
        record Denied(StoredFinding finding, String reason) implements Approval {
        }
    }

    /**
     * Holds the finding, reads the {@link Approvals.Facts} of {@code actor}'s approval of it, and persists the transition
     * {@code approvals} decides on them (the approval, the cleanup begun, the finding's status, the audit entry), all in
     * one transaction. Empty when the organization has no such finding.
     */
    Optional<Approval> approve(long organizationId, long findingId, Actor actor, Approvals approvals, Instant now);

    /** A snooze or a rejection: the finding afterwards, and why it was refused when it was. */
    record Deferred(StoredFinding finding, Optional<String> refused) {
    }

    /** Snoozes the finding until {@code until}; empty when there is no such finding. */
    Optional<Deferred> snooze(long organizationId, long findingId, Actor actor, Instant until, Instant now);

    /**
     * A snooze that has ended: the finding is open again (audited as {@code finding.snooze_ended}) and returned; empty when
     * it is no longer snoozed (decided, resolved, reopened by a scan) or snoozed beyond {@code now}.
     */
    Optional<StoredFinding> wake(long organizationId, long findingId, Instant now);

    /** Rejects the finding and excludes its resource from this rule's future findings; empty when there is no such finding. */
    Optional<Deferred> reject(long organizationId, long findingId, Actor actor, Optional<String> reason, Instant now);
}
