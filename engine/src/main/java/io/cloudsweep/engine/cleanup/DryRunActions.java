package io.cloudsweep.engine.cleanup;

import io.cloudsweep.engine.model.Action;
import io.cloudsweep.engine.model.Finding;

import java.util.function.Consumer;

/**
 * Cleanup actions that change nothing: what an account's cleanups do until an admin turns them on. Every
 * other step of the cleanup runs (validation, the record, the audit); only the AWS calls are left out, and
 * each receipt says so.
 */
final class DryRunActions implements CleanupActions {

    static final String BACKUP = "dry-run";

    @Override
    public String backUp(Finding finding, String findingLabel, CleanupPlan plan, Consumer<String> progress) {
        progress.accept(plan.backupKind() == Action.Backup.NONE
                ? "dry run: no backup would be taken (" + plan.backup().replaceFirst("^none( needed)?: ", "") + ")"
                : "dry run: " + plan.backup() + " would be taken");
        return BACKUP;
    }

    @Override
    public String act(Finding finding, CleanupPlan plan, String backupId) {
        return "dry run: " + finding.action().description() + " was not done; cleanups are off for this account";
    }

    @Override
    public String undo(Finding finding, CleanupPlan plan, String backupId) {
        return "dry run: nothing was changed, so nothing to undo";
    }
}
