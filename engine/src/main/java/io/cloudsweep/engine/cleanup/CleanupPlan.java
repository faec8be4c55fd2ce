package io.cloudsweep.engine.cleanup;

import io.cloudsweep.engine.model.Action;
import io.cloudsweep.engine.model.ActionParameters;
import io.cloudsweep.engine.model.Finding;
import io.cloudsweep.engine.model.Resource;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How the cleanup of one finding goes: its action, as {@link Action} describes it (the backup before, the undo after,
 * the IAM permissions), and what exactly the finding's rule asked it to do. Pure: decided in the core, carried out by
 * the shell.
 */
public record CleanupPlan(Action action, ActionParameters parameters) {

    public CleanupPlan {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(parameters, "parameters");
    }

    /** The plan of {@code finding}'s cleanup. */
    public static CleanupPlan of(Finding finding) {
        return new CleanupPlan(finding.action(), finding.parameters());
    }

    /** The plan of an action that needs no parameters. */
    public static CleanupPlan forAction(Action action) {
        return new CleanupPlan(action, ActionParameters.NONE);
    }

    public Action.Backup backupKind() {
        return action.backup();
    }

    /** What is kept before acting, in words for the card. */
    public String backup() {
        return action.backupWords();
    }

    /** How the cleanup is undone, in words for the card; says so plainly when it cannot be. */
    public String undo() {
        return action.undo().words();
    }

    public boolean undoable() {
        return action.undo().possible();
    }

    public List<String> iamActions() {
        return action.iamPermissions();
    }

    /** Whether the live resource shows the action begun but not finished (see {@link Action#begunBy}). */
    public boolean begun(Optional<Resource> live) {
        return action.begunBy(live);
    }

    /** Whether the live resource (empty when gone) shows the cleanup done. */
    public boolean tookEffect(Optional<Resource> live) {
        return action.tookEffect(live, parameters);
    }
}
