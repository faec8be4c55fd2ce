package io.cloudsweep.engine.cleanup;

import io.cloudsweep.engine.approval.RiskPolicy;
import io.cloudsweep.engine.model.Account;
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
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Runs an approved cleanup through its states, storing each before the next step: validate the live
 * resource (it must still exist, be unprotected and still be waste by its rule), back it up, act, verify.
 * Any error fails the cleanup with the reason; a validation that says no aborts it with nothing touched.
 * Dry-run is decided once, by which actions it is given. A step another worker took first stops this one.
 * Thread-safe.
 */
public final class CleanupService {

    private final CleanupStore store;
    private final CloudInventory inventory;
    private final CleanupActions actions;
    private final RuleSet rules;
    private final Pricer pricer;
    private final RiskPolicy riskPolicy;
    private final Protection protection;
    private final Clock clock;

    public CleanupService(CleanupStore store, CloudInventory inventory, CleanupActions actions, RuleSet rules, Pricer pricer,
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

    /**
     * Runs cleanup {@code cleanupId} of {@code finding} in {@code account} from approved to its end.
     *
     * @param dryRun   true while the account's cleanups are off: every step runs but the AWS changes
     * @param progress hears each step, for the card
     * @return the state it ended in (or stood in when another worker took a step first)
     */
    public CleanupState run(long cleanupId, Account account, Finding finding, boolean dryRun, String actor, Consumer<String> progress) {
        CleanupActions acting = dryRun ? new DryRunActions() : actions;
        CleanupPlan plan = CleanupPlan.forAction(finding.action());
        CleanupState.Approved approved = new CleanupState.Approved();
        CleanupState.Validating validating = approved.validate();
        if (!store.transition(cleanupId, approved, validating, actor, "validating the live resource")) {
            return approved;
        }
        CleanupState current = validating;
        try {
            Optional<String> stop = reasonToStop(account, finding);
            if (stop.isPresent()) {
                return move(cleanupId, validating, validating.abort(stop.get()), actor, stop.get());
            }
            CleanupState.BackingUp backingUp = validating.stillWaste();
            if (!store.transition(cleanupId, validating, backingUp, actor, "backing up: " + plan.backup())) {
                return validating;
            }
            current = backingUp;
            String backup = acting.backUp(finding, plan, progress);
            CleanupState.Executing executing = backingUp.backedUp(backup);
            if (!store.transition(cleanupId, backingUp, executing, actor, "backup " + backup + " ready")) {
                return backingUp;
            }
            current = executing;
            String receipt = acting.act(finding, plan);
            progress.accept(receipt);
            CleanupState.Verifying verifying = executing.executed();
            if (!store.transition(cleanupId, executing, verifying, actor, receipt)) {
                return executing;
            }
            current = verifying;
            Optional<String> problem = dryRun ? Optional.empty() : verificationProblem(account, finding);
            if (problem.isPresent()) {
                return move(cleanupId, verifying, verifying.fail(problem.get()), actor, problem.get());
            }
            return move(cleanupId, verifying, verifying.verified(), actor, dryRun ? "dry run complete: nothing was changed" : "verified");
        } catch (RuntimeException e) {
            String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            return fail(cleanupId, current, reason, actor);
        }
    }

    /** Why the cleanup must not go ahead: the resource is gone, protected, or no longer waste. Empty when it may. */
    private Optional<String> reasonToStop(Account account, Finding finding) {
        RegionInventory live = inventory.describe(account, finding.resource().region());
        Optional<Resource> resource = live.resources().stream().filter(r -> r.ref().equals(finding.resource())).findFirst();
        if (resource.isEmpty()) {
            return Optional.of(finding.resource().id() + " no longer exists");
        }
        if (protection.protects(resource.get())) {
            return Optional.of(finding.resource().id() + " is now protected by its tags");
        }
        List<MetricQuery> queries = rules.metricQueries(resource.get(), clock.instant());
        MetricData metrics = queries.isEmpty() ? MetricData.NONE
                : inventory.metrics(account, finding.resource().region(), queries, clock.instant());
        Verdict verdict = rules.evaluate(resource.get(), new RuleContext(clock.instant(), live, metrics, pricer, riskPolicy))
                .get(finding.ruleId());
        if (!(verdict instanceof Verdict.Waste)) {
            return Optional.of(finding.resource().id() + " no longer qualifies for " + finding.ruleId()
                    + (verdict instanceof Verdict.InsufficientData missing ? " (" + missing.detail() + ")" : ""));
        }
        return Optional.empty();
    }

    /** After a delete the resource must be gone; after a stop or a type change it must show the change. */
    private Optional<String> verificationProblem(Account account, Finding finding) {
        Optional<Resource> after = inventory.describe(account, finding.resource().region()).resources().stream()
                .filter(r -> r.ref().equals(finding.resource())).findFirst();
        boolean removes = switch (finding.action()) {
            case DELETE_VOLUME, DELETE_SNAPSHOT, RELEASE_ADDRESS, TERMINATE_INSTANCE, DELETE_DB_INSTANCE, DELETE_LOAD_BALANCER -> true;
            case STOP_INSTANCE, STOP_DB_INSTANCE, MODIFY_VOLUME_TYPE -> false;
        };
        if (removes && after.isPresent()) {
            return Optional.of(finding.resource().id() + " still exists after " + finding.action().id());
        }
        if (!removes && after.isEmpty()) {
            return Optional.of(finding.resource().id() + " disappeared after " + finding.action().id());
        }
        return Optional.empty();
    }

    private CleanupState move(long cleanupId, CleanupState from, CleanupState to, String actor, String detail) {
        return store.transition(cleanupId, from, to, actor, detail) ? to : from;
    }

    private CleanupState fail(long cleanupId, CleanupState from, String reason, String actor) {
        CleanupState failed;
        if (from instanceof CleanupState.Validating validating) {
            failed = validating.fail(reason);
        } else if (from instanceof CleanupState.BackingUp backingUp) {
            failed = backingUp.fail(reason);
        } else if (from instanceof CleanupState.Executing executing) {
            failed = executing.fail(reason);
        } else if (from instanceof CleanupState.Verifying verifying) {
            failed = verifying.fail(reason);
        } else {
            throw new IllegalStateException("a cleanup in state " + from.id() + " cannot fail");
        }
        return move(cleanupId, from, failed, actor, reason);
    }
}
