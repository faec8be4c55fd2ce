package io.cloudsweep.engine.cleanup;

import io.cloudsweep.engine.approval.RiskPolicy;
import io.cloudsweep.engine.model.Action;
import io.cloudsweep.engine.model.Finding;
import io.cloudsweep.engine.model.MetricData;
import io.cloudsweep.engine.model.MetricQuery;
import io.cloudsweep.engine.model.RegionInventory;
import io.cloudsweep.engine.model.Resource;
import io.cloudsweep.engine.pricing.Pricer;
import io.cloudsweep.engine.rules.Protection;
import io.cloudsweep.engine.rules.RuleContext;
import io.cloudsweep.engine.rules.RuleSet;
import io.cloudsweep.engine.rules.Verdict;
import io.cloudsweep.engine.scan.CloudInventory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.LongFunction;

/**
 * Carries a cleanup from wherever it stands to its end, storing each state before the next step: validate the
 * live resource (it must still exist, be unprotected and unexcluded, and still be waste by its rule), back it
 * up, act, verify.
 * Any error fails the cleanup with the reason; a validation that says no aborts it with nothing touched.
 *
 * <p>Safe to resume after a crash at any point, on any replica: validation only reads; a backup step finds
 * the backup an interrupted run already took; an interrupted action is never repeated blindly, because the
 * step first looks at the live resource: if the action's effect is there, it moves on to verifying, and only
 * if the resource still stands unchanged, and is still waste, does it act. Dry-run is decided once, by which
 * actions it is given. A step another worker took first stops this one. Thread-safe.
 */
public final class CleanupService {

    private final CleanupStore store;
    private final CloudInventory inventory;
    private final CleanupActions actions;
    private final LongFunction<RuleSet> rules;
    private final Pricer pricer;
    private final RiskPolicy riskPolicy;
    private final Protection protection;
    private final Clock clock;

    public CleanupService(CleanupStore store, CloudInventory inventory, CleanupActions actions, RuleSet rules, Pricer pricer,
                          RiskPolicy riskPolicy, Protection protection, Clock clock) {
        this(store, inventory, actions, organization -> rules, pricer, riskPolicy, protection, clock);
    }

    /** @param rules the rules each organization judges with, by its id: a cleanup re-checks its finding with its own */
    public CleanupService(CleanupStore store, CloudInventory inventory, CleanupActions actions, LongFunction<RuleSet> rules, Pricer pricer,
                          RiskPolicy riskPolicy, Protection protection, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.inventory = Objects.requireNonNull(inventory, "inventory");
        this.actions = Objects.requireNonNull(actions, "actions");
        this.rules = Objects.requireNonNull(rules, "rules");
        this.pricer = Objects.requireNonNull(pricer, "pricer");
        this.riskPolicy = Objects.requireNonNull(riskPolicy, "riskPolicy");
        this.protection = Objects.requireNonNull(protection, "protection");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** What undo did, or why it did not, in words for the person who asked. */
    public record UndoResult(CleanupState state, boolean undone, String message) {
    }

    /** One step: the state it leads to and why, for the audit. */
    private record Step(CleanupState next, String detail) {
    }

    /**
     * Runs cleanup {@code cleanupId} from its stored state to an end, holding it so no other worker acts on it
     * meanwhile.
     *
     * @param progress hears each step, for the card
     * @return the state it ended in; empty when there is no such cleanup or another worker holds it
     */
    public Optional<CleanupState> advance(long cleanupId, String actor, Consumer<String> progress) {
        return store.exclusively(cleanupId, () -> store.find(cleanupId).map(cleanup -> advance(cleanup, actor, progress))).flatMap(end -> end);
    }

    private CleanupState advance(Cleanup cleanup, String actor, Consumer<String> progress) {
        CleanupActions acting = cleanup.dryRun() ? new DryRunActions() : actions;
        CleanupState state = cleanup.state();
        while (!state.isFinished()) {
            Step step;
            try {
                step = step(cleanup, state, acting, progress);
            } catch (RuntimeException e) {
                String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                step = new Step(failed(state, reason), reason);
            }
            if (!store.transition(cleanup.id(), state, step.next(), actor, step.detail())) {
                return state;
            }
            progress.accept(step.next().id() + ": " + step.detail());
            state = step.next();
        }
        return state;
    }

    private Step step(Cleanup cleanup, CleanupState state, CleanupActions acting, Consumer<String> progress) {
        Finding finding = cleanup.finding();
        CleanupPlan plan = CleanupPlan.of(finding);
        if (state instanceof CleanupState.Approved approved) {
            return new Step(approved.validate(), "validating the live resource");
        }
        if (state instanceof CleanupState.Validating validating) {
            Optional<String> stop = reasonToStop(cleanup, live(cleanup), true);
            return stop.map(reason -> new Step(validating.abort(reason), reason))
                    .orElseGet(() -> new Step(validating.stillWaste(), "still waste; backing up: " + plan.backup()));
        }
        if (state instanceof CleanupState.BackingUp backingUp) {
            String backup = acting.backUp(finding, cleanup.findingLabel(), plan, progress);
            return new Step(backingUp.backedUp(backup), "backup " + backup + " ready");
        }
        if (state instanceof CleanupState.Executing executing) {
            LiveResource live = live(cleanup);
            if (!cleanup.dryRun() && plan.tookEffect(live.resource())) {
                return new Step(executing.executed(), finding.action().id() + " had already taken effect; not repeated");
            }
            boolean begun = !cleanup.dryRun() && plan.begun(live.resource());
            Optional<String> stop = reasonToStop(cleanup, live, !begun);
            if (stop.isPresent()) {
                String reason = stop.get() + "; nothing was changed" + (plan.backupKind() == Action.Backup.NONE ? "" : ", the backup is kept");
                return new Step(executing.fail(reason), reason);
            }
            return new Step(executing.executed(), acting.act(finding, plan, executing.backup()));
        }
        if (state instanceof CleanupState.Verifying verifying) {
            if (cleanup.dryRun()) {
                return new Step(verifying.verified(), "dry run complete: nothing was changed");
            }
            if (!plan.tookEffect(live(cleanup).resource())) {
                String problem = finding.resource().id() + " does not show the effect of " + finding.action().id();
                return new Step(verifying.fail(problem), problem);
            }
            return new Step(verifying.verified(), "verified");
        }
        throw new IllegalStateException("a cleanup in state " + state.id() + " has no next step");
    }

    /**
     * Undoes a done cleanup within {@code window} of its end, once however often it is asked.
     */
    public UndoResult undo(Cleanup cleanup, String actor, Duration window) {
        return store.exclusively(cleanup.id(), () -> undoHeld(store.find(cleanup.id()).orElse(cleanup), actor, window))
                .orElseGet(() -> new UndoResult(cleanup.state(), false, cleanup.label() + " is busy with another step; try again in a moment"));
    }

    private UndoResult undoHeld(Cleanup cleanup, String actor, Duration window) {
        CleanupPlan plan = CleanupPlan.of(cleanup.finding());
        CleanupState state = cleanup.state();
        if (state instanceof CleanupState.RolledBack rolledBack) {
            return new UndoResult(state, false, cleanup.label() + " was undone already: " + rolledBack.detail());
        }
        if (!(state instanceof CleanupState.Done)) {
            return new UndoResult(state, false, cleanup.label() + " is " + state.id().replace('_', ' ')
                    + "; only a finished cleanup can be undone");
        }
        if (!plan.undoable()) {
            return new UndoResult(state, false, cleanup.label() + " cannot be undone: " + plan.action().undo().why());
        }
        Instant closes = cleanup.since().plus(window);
        if (clock.instant().isAfter(closes)) {
            return new UndoResult(state, false, cleanup.label() + " can no longer be undone: the undo window of " + window.toDays()
                    + " days closed at " + closes + (state.backupId().map(b -> "; the backup " + b + " is still there").orElse("")));
        }
        CleanupActions acting = cleanup.dryRun() ? new DryRunActions() : actions;
        CleanupState.Done done = (CleanupState.Done) state;
        String detail;
        try {
            // The cleanup is held (no other step or undo runs) but no transaction is open while AWS is asked.
            detail = acting.undo(cleanup.finding(), plan, done.backup());
        } catch (RuntimeException e) {
            return new UndoResult(state, false, "undo of " + cleanup.label() + " failed: " + e.getMessage() + "; it stays cleaned");
        }
        CleanupState.RolledBack rolledBack = done.rolledBack(detail);
        if (!store.transition(cleanup.id(), done, rolledBack, actor, detail)) {
            CleanupState now = store.find(cleanup.id()).map(Cleanup::state).orElse(state);
            return new UndoResult(now, false, cleanup.label() + " is " + now.id().replace('_', ' ') + "; the undo (" + detail
                    + ") was not recorded");
        }
        return new UndoResult(rolledBack, true, cleanup.label() + " undone: " + detail);
    }

    private record LiveResource(RegionInventory region, Optional<Resource> resource) {
    }

    private LiveResource live(Cleanup cleanup) {
        RegionInventory region = inventory.describe(cleanup.account(), cleanup.finding().resource().region());
        return new LiveResource(region, region.resources().stream().filter(r -> r.ref().equals(cleanup.finding().resource())).findFirst());
    }

    /**
     * Why the cleanup must not go ahead: the resource is gone, protected, or (when {@code judge}) no longer waste. Empty
     * when it may.
     */
    private Optional<String> reasonToStop(Cleanup cleanup, LiveResource live, boolean judge) {
        Finding finding = cleanup.finding();
        if (live.resource().isEmpty()) {
            return Optional.of(finding.resource().id() + " no longer exists");
        }
        Resource resource = live.resource().get();
        if (protection.protects(resource)) {
            return Optional.of(finding.resource().id() + " is now protected by its tags");
        }
        if (cleanup.exclusion().isPresent()) {
            return Optional.of(finding.resource().id() + " is now excluded (" + cleanup.exclusion().get() + ")");
        }
        if (!judge) {
            return Optional.empty();
        }
        RuleSet rules = this.rules.apply(cleanup.organizationId());
        RuleContext region = new RuleContext(clock.instant(), live.region(), MetricData.NONE, pricer, riskPolicy);
        List<MetricQuery> queries = rules.metricQueries(resource, region);
        MetricData metrics = queries.isEmpty() ? MetricData.NONE
                : inventory.metrics(cleanup.account(), finding.resource().region(), queries, clock.instant());
        Verdict verdict = rules.evaluate(resource, region.with(metrics, pricer))
                .get(finding.ruleId());
        if (!(verdict instanceof Verdict.Waste)) {
            return Optional.of(finding.resource().id() + " no longer qualifies for " + finding.ruleId()
                    + (verdict instanceof Verdict.InsufficientData missing ? " (" + missing.detail() + ")" : ""));
        }
        return Optional.empty();
    }

    private static CleanupState failed(CleanupState from, String reason) {
        if (from instanceof CleanupState.Validating validating) {
            return validating.fail(reason);
        }
        if (from instanceof CleanupState.BackingUp backingUp) {
            return backingUp.fail(reason);
        }
        if (from instanceof CleanupState.Executing executing) {
            return executing.fail(reason);
        }
        if (from instanceof CleanupState.Verifying verifying) {
            return verifying.fail(reason);
        }
        throw new IllegalStateException("a cleanup in state " + from.id() + " cannot fail");
    }
}
