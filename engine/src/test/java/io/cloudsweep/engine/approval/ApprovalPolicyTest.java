package io.cloudsweep.engine.approval;

import io.cloudsweep.engine.model.Risk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ApprovalPolicyTest {

    private final ApprovalPolicy policy = new ApprovalPolicy();
    private static final Actor ANA = new Actor("U-ana", Role.ADMIN);
    private static final Actor BO = new Actor("U-bo", Role.ADMIN);
    private static final Actor MIA = new Actor("U-mia", Role.MEMBER);
    private static final Actor VIC = new Actor("U-vic", Role.VIEWER);

    @ParameterizedTest(name = "{0} risk, {1}: {2}")
    @CsvSource({
            "low,    admin,  approved",
            "low,    member, approved",
            "low,    viewer, denied",
            "medium, admin,  approved",
            "medium, member, denied",
            "medium, viewer, denied",
            "high,   admin,  awaiting",
            "high,   member, denied",
            "high,   viewer, denied"})
    void aFirstApprovalDependsOnRiskAndRole(String risk, String role, String expected) {
        ApprovalPolicy.Outcome outcome = policy.approve(Risk.fromId(risk), new Actor("U1", Role.fromId(role)), List.of());

        assertThat(outcome).isInstanceOf(switch (expected) {
            case "approved" -> ApprovalPolicy.Outcome.Approved.class;
            case "awaiting" -> ApprovalPolicy.Outcome.AwaitingSecondApprover.class;
            default -> ApprovalPolicy.Outcome.Denied.class;
        });
    }

    @Test
    void viewerCannotApproveAndIsToldWhy() {
        assertThat(policy.approve(Risk.LOW, VIC, List.of()))
                .isEqualTo(new ApprovalPolicy.Outcome.Denied("viewers cannot approve cleanups; ask an admin to make you a member"));
    }

    @Test
    void highRiskNeedsTwoDifferentAdmins() {
        assertThat(policy.approve(Risk.HIGH, ANA, List.of())).isInstanceOf(ApprovalPolicy.Outcome.AwaitingSecondApprover.class);
        assertThat(policy.approve(Risk.HIGH, ANA, List.of(ANA)))
                .isEqualTo(new ApprovalPolicy.Outcome.Denied("you have approved this already; a second, different admin must approve high-risk cleanups"));
        assertThat(policy.approve(Risk.HIGH, MIA, List.of(ANA))).isInstanceOf(ApprovalPolicy.Outcome.Denied.class);
        assertThat(policy.approve(Risk.HIGH, BO, List.of(ANA))).isInstanceOf(ApprovalPolicy.Outcome.Approved.class);
    }

    @Test
    void membersMaySnoozeAndRejectViewersMayNot() {
        assertThat(policy.snoozeOrReject(MIA).isAllowed()).isTrue();
        assertThat(policy.snoozeOrReject(ANA).isAllowed()).isTrue();
        assertThat(policy.snoozeOrReject(VIC)).isEqualTo(Decision.deny("viewers cannot snooze or reject findings"));
    }
}
