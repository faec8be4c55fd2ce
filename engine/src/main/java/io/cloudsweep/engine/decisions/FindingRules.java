package io.cloudsweep.engine.decisions;

import io.cloudsweep.engine.cleanup.CleanupState;
import io.cloudsweep.engine.store.StoredFinding;

import java.util.Optional;

/**
 * Which decisions a finding's status allows, whoever takes them. Pure; the stores call these inside the
 * transaction that holds the finding, so the answer is about the finding as it stands.
 */
public final class FindingRules {

    private FindingRules() {
    }

    /** The cleanup already under way or done for this finding, which a further approval must return rather than repeat. */
    public static Optional<StoredFinding.CleanupView> cleanupInForce(StoredFinding finding) {
        return finding.cleanup().filter(cleanup -> !cleanup.state().isFinished()
                || cleanup.state() instanceof CleanupState.Done && !cleanup.dryRun());
    }

    /** Why the finding cannot be approved now, or empty when it can (subject to the approval policy). */
    public static Optional<String> whyNotApprovable(StoredFinding finding) {
        return switch (finding.status()) {
            case RESOLVED -> Optional.of(finding.label() + " is resolved: the latest scan did not find it, so there is nothing to clean up");
            case REJECTED -> Optional.of(finding.label() + " was rejected; its resource is excluded from this rule");
            default -> Optional.empty();
        };
    }

    /** Why the finding cannot be snoozed or rejected now, or empty when it can. */
    public static Optional<String> whyNotDeferrable(StoredFinding finding, String decision) {
        if (cleanupInForce(finding).isPresent()) {
            return Optional.of(finding.label() + " cannot be " + decision + ": its cleanup " + finding.cleanup().orElseThrow().cleanupId()
                    + " is " + finding.cleanup().orElseThrow().state().id().replace('_', ' '));
        }
        return switch (finding.status()) {
            case RESOLVED -> Optional.of(finding.label() + " is resolved already");
            case REJECTED -> Optional.of(finding.label() + " was rejected already");
            default -> Optional.empty();
        };
    }
}
