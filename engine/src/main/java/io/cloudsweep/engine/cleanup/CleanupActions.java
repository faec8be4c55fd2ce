package io.cloudsweep.engine.cleanup;

import io.cloudsweep.engine.model.Finding;

import java.util.function.Consumer;

/**
 * The port cleanups act through: the AWS adapter in production, the demo account in the demo. Each method is
 * one step of the cleanup state machine; none is called before the step before it succeeded.
 */
public interface CleanupActions {

    /**
     * Takes the plan's backup of the finding's resource, tagged with {@code findingLabel} ({@code F-12}), and waits
     * until it can be restored from, telling {@code progress} how it goes; returns the backup's id (a snapshot, an
     * AMI, or the recorded address). Idempotent: a backup of this finding that an interrupted run already
     * started is found by its tag and waited for, not taken twice.
     */
    String backUp(Finding finding, String findingLabel, CleanupPlan plan, Consumer<String> progress);

    /** Carries out the finding's action, after {@code backupId} was taken; returns a receipt (what AWS answered) for the audit. */
    String act(Finding finding, CleanupPlan plan, String backupId);

    /** Undoes a done cleanup from its backup; returns what was restored, in words for the card. */
    String undo(Finding finding, CleanupPlan plan, String backupId);
}
