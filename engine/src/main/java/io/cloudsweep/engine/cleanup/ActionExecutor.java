package io.cloudsweep.engine.cleanup;

import io.cloudsweep.engine.model.Action;
import io.cloudsweep.engine.model.Finding;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * How one executor (AWS, the demo) carries out one action and undoes it: the {@link CleanupActions} of an executor
 * look the finding's action up in a {@link Registry} of these, one registered per action.
 */
public record ActionExecutor(Step act, Step undo) {

    /** One call of the executor for a finding, after its backup {@code backupId} was taken; returns a receipt in words. */
    @FunctionalInterface
    public interface Step {
        String run(Finding finding, CleanupPlan plan, String backupId);
    }

    public ActionExecutor {
        Objects.requireNonNull(act, "act");
        Objects.requireNonNull(undo, "undo");
    }

    /** An action AWS offers no way back from: its undo refuses, saying why (the action's own words). */
    public static ActionExecutor irreversible(Step act) {
        return new ActionExecutor(act, (finding, plan, backupId) -> {
            throw new IllegalStateException(plan.undo());
        });
    }

    /** One executor per action, every action registered: built with one missing, it fails at start, naming it. */
    public static final class Registry {

        private final Map<Action, ActionExecutor> executors;

        private Registry(Map<Action, ActionExecutor> executors) {
            this.executors = executors;
        }

        /** @throws IllegalArgumentException when an action has no executor */
        public static Registry of(Map<Action, ActionExecutor> executors) {
            Set<Action> missing = EnumSet.allOf(Action.class);
            missing.removeAll(executors.keySet());
            if (!missing.isEmpty()) {
                throw new IllegalArgumentException("no executor for " + missing);
            }
            return new Registry(new EnumMap<>(executors));
        }

        public String act(Finding finding, CleanupPlan plan, String backupId) {
            return executors.get(finding.action()).act().run(finding, plan, backupId);
        }

        public String undo(Finding finding, CleanupPlan plan, String backupId) {
            return executors.get(finding.action()).undo().run(finding, plan, backupId);
        }
    }
}
