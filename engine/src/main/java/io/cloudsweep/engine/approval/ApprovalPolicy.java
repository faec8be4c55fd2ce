package io.cloudsweep.engine.approval;

import io.cloudsweep.engine.model.Risk;

import java.util.List;
import java.util.Objects;

/**
 * Who may approve, snooze and reject, as small named rules. Pure and thread-safe.
 * <ul>
 *   <li>a viewer never approves, snoozes or rejects;</li>
 *   <li>low risk: any member approves;</li>
 *   <li>medium risk: an admin approves;</li>
 *   <li>high risk: two different admins; the first approval leaves the finding awaiting a second approver.</li>
 * </ul>
 */
public final class ApprovalPolicy {

    /** What an approval leads to. */
    public sealed interface Outcome {
        /** Enough approvals: the cleanup may start. */
        record Approved() implements Outcome {
        }

        /** Counted, but another admin must approve too. */
        record AwaitingSecondApprover(String message) implements Outcome {
        }

        /** Not counted, with why. */
        record Denied(String reason) implements Outcome {
        }
    }

    /** One named check; the first that denies wins. */
    interface Check {
        Decision check(Risk risk, Actor actor, List<Actor> earlierApprovals);
    }

    static final Check VIEWERS_NEVER_APPROVE = (risk, actor, earlier) -> actor.role() == Role.VIEWER
            ? Decision.deny("viewers cannot approve cleanups; ask an admin to make you a member")
            : Decision.allow();

    static final Check MEDIUM_AND_HIGH_RISK_NEED_AN_ADMIN = (risk, actor, earlier) -> risk != Risk.LOW && actor.role() != Role.ADMIN
            ? Decision.deny(risk.id() + "-risk cleanups need an admin's approval")
            : Decision.allow();

    static final Check NO_ONE_APPROVES_TWICE = (risk, actor, earlier) -> earlier.stream().anyMatch(a -> a.userId().equals(actor.userId()))
            ? Decision.deny("you have approved this already; a second, different admin must approve high-risk cleanups")
            : Decision.allow();

    private static final List<Check> APPROVAL_CHECKS = List.of(VIEWERS_NEVER_APPROVE, MEDIUM_AND_HIGH_RISK_NEED_AN_ADMIN, NO_ONE_APPROVES_TWICE);

    /** What {@code actor}'s approval of a finding of {@code risk} leads to, given the approvals before it. */
    public Outcome approve(Risk risk, Actor actor, List<Actor> earlierApprovals) {
        Objects.requireNonNull(risk, "risk");
        for (Check check : APPROVAL_CHECKS) {
            if (check.check(risk, actor, earlierApprovals) instanceof Decision.Denied denied) {
                return new Outcome.Denied(denied.reason());
            }
        }
        if (risk == Risk.HIGH) {
            long admins = earlierApprovals.stream().filter(a -> a.role() == Role.ADMIN).map(Actor::userId).distinct().count();
            if (admins < 1) {
                return new Outcome.AwaitingSecondApprover("approved by " + actor.userId() + "; high risk: awaiting a second admin");
            }
        }
        return new Outcome.Approved();
    }

    /** Snoozing and rejecting are open to members and admins. */
    public Decision snoozeOrReject(Actor actor) {
        return actor.role() == Role.VIEWER ? Decision.deny("viewers cannot snooze or reject findings") : Decision.allow();
    }
}
