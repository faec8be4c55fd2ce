package io.cloudsweep.engine.cleanup;

import java.util.Optional;
import java.util.function.Supplier;

/**
 * Where cleanups' states are kept: each transition is a row change and its audit entry, committed together.
 * The compare-and-set shape means two workers can never both take the same step.
 */
public interface CleanupStore {

    /**
     * Moves cleanup {@code cleanupId} from {@code from} to {@code to}, recording who and why.
     *
     * @return false, changing nothing, when the cleanup was no longer in {@code from}
     */
    boolean transition(long cleanupId, CleanupState from, CleanupState to, String actor, String detail);

    /**
     * Runs {@code work} while holding cleanup {@code cleanupId} against every other worker, on any replica; a
     * worker that dies lets go. Empty, without running {@code work}, when another worker holds it.
     */
    <T> Optional<T> exclusively(long cleanupId, Supplier<T> work);

    /** The cleanup as stored now, with its finding. */
    Optional<Cleanup> find(long cleanupId);
}
