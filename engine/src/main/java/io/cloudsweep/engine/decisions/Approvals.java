package io.cloudsweep.engine.decisions;

import io.cloudsweep.engine.approval.Actor;
import io.cloudsweep.engine.approval.ApprovalPolicy;
import io.cloudsweep.engine.cleanup.CleanupLimits;
import io.cloudsweep.engine.store.StoredFinding;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The approval use case: given a finding as it stands (held by the store's transaction) and what the store knows
 * around it, decides what one person's approval does: nothing new (a cleanup is under way or done), a refusal
 * (the finding's status, the role and risk policy, the account's hourly cap), an approval counted towards a second
 * admin, or a cleanup begun (a dry run while the account's cleanups are off). The store persists the transition
 * this returns and decides nothing itself. Pure and thread-safe.
 */
public final class Approvals {

    /** The window of the per-account cap. */
    static final Duration CAP_WINDOW = Duration.ofHours(1);

    private final ApprovalPolicy policy;
    private final CleanupLimits limits;

    public Approvals(ApprovalPolicy policy, CleanupLimits limits) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    /**
     * What the store read for one approval, in the transaction that holds the finding.
     *
     * @param earlier          the approvals counted towards the finding's next cleanup (those since its latest one began)
     * @param cleanupsEnabled  whether the finding's account has real cleanups on
     * @param startedLastHour  when each real cleanup in the account began within the cap's window before {@code now}, oldest
     *                         first; asked only when a real cleanup would begin, as counting holds the account's count
     *                         against every other approval until the transaction ends
     */
    public record Facts(StoredFinding finding, Actor actor, List<Actor> earlier, boolean cleanupsEnabled,
                        Supplier<List<Instant>> startedLastHour, Instant now) {
        public Facts {
            Objects.requireNonNull(finding, "finding");
            Objects.requireNonNull(actor, "actor");
            earlier = List.copyOf(earlier);
            Objects.requireNonNull(startedLastHour, "startedLastHour");
            Objects.requireNonNull(now, "now");
        }
    }

    /** What to persist. */
    public sealed interface Transition {

        /** Nothing: a cleanup of the finding is under way or done (a second click, a redelivered request). */
        record AlreadyBegun(StoredFinding.CleanupView cleanup) implements Transition {
        }

        /** Not counted: audit the refusal with its reason. */
        record Deny(String reason) implements Transition {
        }

        /** Counted: record the approval; another admin must approve too. */
        record Await(String message) implements Transition {
        }

        /** Record the approval and begin the cleanup; the finding is then approved. */
        record Begin(boolean dryRun, List<String> approvers) implements Transition {
            public Begin {
                approvers = List.copyOf(approvers);
            }

            public StoredFinding.Status findingStatus() {
                return StoredFinding.Status.APPROVED;
            }
        }
    }

    /** Since when the store counts cleanups towards the cap, for {@code now}. */
    public static Instant capWindowStart(Instant now) {
        return now.minus(CAP_WINDOW);
    }

    public Transition decide(Facts facts) {
        StoredFinding finding = facts.finding();
        Optional<StoredFinding.CleanupView> inForce = FindingRules.cleanupInForce(finding);
        if (inForce.isPresent()) {
            return new Transition.AlreadyBegun(inForce.get());
        }
        Optional<String> notNow = FindingRules.whyNotApprovable(finding);
        if (notNow.isPresent()) {
            return new Transition.Deny(notNow.get());
        }
        ApprovalPolicy.Outcome outcome = policy.approve(finding.finding().risk(), facts.actor(), facts.earlier());
        if (outcome instanceof ApprovalPolicy.Outcome.Denied denied) {
            return new Transition.Deny(denied.reason());
        }
        if (outcome instanceof ApprovalPolicy.Outcome.AwaitingSecondApprover awaiting) {
            return new Transition.Await(awaiting.message());
        }
        boolean dryRun = !facts.cleanupsEnabled();
        List<Instant> started = dryRun ? List.of() : facts.startedLastHour().get();
        if (started.size() >= limits.perAccountPerHour() && !started.isEmpty()) {
            Instant next = started.get(0).plus(CAP_WINDOW).truncatedTo(ChronoUnit.SECONDS);
            return new Transition.Deny("account " + finding.finding().resource().accountId() + " has reached its cap of "
                    + limits.perAccountPerHour() + " cleanups an hour; the next can start after " + next);
        }
        List<String> approvers = new java.util.ArrayList<>(facts.earlier().stream().map(Actor::userId).toList());
        approvers.add(facts.actor().userId());
        return new Transition.Begin(dryRun, approvers);
    }
}
