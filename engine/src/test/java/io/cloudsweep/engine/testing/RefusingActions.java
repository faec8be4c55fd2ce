package io.cloudsweep.engine.testing;

import io.cloudsweep.engine.cleanup.CleanupActions;
import io.cloudsweep.engine.cleanup.CleanupPlan;
import io.cloudsweep.engine.model.Finding;

import java.util.function.Consumer;

/** Cleanup actions that back up and undo as {@code backing} does, but whose act AWS refuses with {@code error}: a cleanup that fails. */
public final class RefusingActions implements CleanupActions {

    private final CleanupActions backing;
    private final String error;

    public RefusingActions(CleanupActions backing, String error) {
        this.backing = backing;
        this.error = error;
    }

    @Override
    public String backUp(Finding finding, String findingLabel, CleanupPlan plan, Consumer<String> progress) {
        return backing.backUp(finding, findingLabel, plan, progress);
    }

    @Override
    public String act(Finding finding, CleanupPlan plan, String backupId) {
        throw new IllegalStateException(error);
    }

    @Override
    public String undo(Finding finding, CleanupPlan plan, String backupId) {
        return backing.undo(finding, plan, backupId);
    }
}
