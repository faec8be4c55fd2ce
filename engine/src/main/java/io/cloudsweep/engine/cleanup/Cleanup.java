package io.cloudsweep.engine.cleanup;

import io.cloudsweep.engine.model.Account;
import io.cloudsweep.engine.model.CleanupId;
import io.cloudsweep.engine.model.FindingId;
import io.cloudsweep.engine.model.Finding;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One cleanup as stored: the approved finding it acts on, in which account, whether it is a dry run, and where
 * it stands. Everything a worker on any replica needs to carry it on after a restart.
 *
 * @param findingId the stored finding's id, shown to people as {@code F-12}
 * @param since     when it entered its current state (for a done cleanup: when undo's window opened)
 * @param exclusion the exclusion that covers the resource now (one added since the approval), if any
 */
public record Cleanup(long id, long organizationId, long findingId, Account account, Finding finding, boolean dryRun, CleanupState state,
                      Instant since, Optional<String> exclusion) {

    public Cleanup {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(finding, "finding");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(since, "since");
        Objects.requireNonNull(exclusion, "exclusion");
    }

    /** The id people type: {@code C-3}. */
    public String label() {
        return label(id);
    }

    public String findingLabel() {
        return findingLabel(findingId);
    }

    public static String label(long cleanupId) {
        return CleanupId.of(cleanupId).toString();
    }

    public static String findingLabel(long findingId) {
        return FindingId.of(findingId).toString();
    }

    public Cleanup in(CleanupState next, Instant at) {
        return new Cleanup(id, organizationId, findingId, account, finding, dryRun, next, at, exclusion);
    }
}
