package io.cloudsweep.engine.decisions;

import io.cloudsweep.engine.approval.Actor;
import io.cloudsweep.engine.approval.ApprovalPolicy;
import io.cloudsweep.engine.approval.Role;
import io.cloudsweep.engine.cleanup.CleanupLimits;
import io.cloudsweep.engine.cleanup.CleanupState;
import io.cloudsweep.engine.config.Settings;
import io.cloudsweep.engine.demo.DemoCloud;
import io.cloudsweep.engine.model.Finding;
import io.cloudsweep.engine.model.Risk;
import io.cloudsweep.engine.pricing.PriceBook;
import io.cloudsweep.engine.pricing.Pricer;
import io.cloudsweep.engine.approval.RiskPolicy;
import io.cloudsweep.engine.rules.Protection;
import io.cloudsweep.engine.rules.RuleSet;
import io.cloudsweep.engine.scan.ScanListener;
import io.cloudsweep.engine.scan.ScanRequest;
import io.cloudsweep.engine.scan.ScanService;
import io.cloudsweep.engine.store.StoredFinding;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The approval use case, decided in the engine on what the store read; the store only persists the transition. */
class ApprovalsTest {

    private static final Instant NOW = Instant.parse("2026-11-26T15:00:00Z");
    private static final Actor ANA = new Actor("U0ANA", Role.ADMIN);
    private static final Actor BO = new Actor("U0BO", Role.ADMIN);
    private static final Actor CY = new Actor("U0CY", Role.MEMBER);
    private static final List<Finding> DEMO = new ScanService(DemoCloud.at(NOW), RuleSet.standard(Settings.empty()), new Pricer(PriceBook.embedded()),
            new RiskPolicy(RiskPolicy.Parameters.defaults()), Protection.from(Settings.empty()), Clock.fixed(NOW, ZoneOffset.UTC), 1)
            .scan(ScanRequest.allRegions(List.of(DemoCloud.ACCOUNT), "test"), ScanListener.NONE).findings();

    private final Approvals approvals = new Approvals(new ApprovalPolicy(), new CleanupLimits(2, Duration.ofDays(7)));

    private static StoredFinding open(Risk risk) {
        Finding finding = DEMO.stream().filter(f -> f.risk() == risk).findFirst().orElseThrow();
        return new StoredFinding(12, 1, finding, StoredFinding.Status.OPEN, NOW, Optional.empty(), List.of(), Optional.empty());
    }

    private Approvals.Transition decide(StoredFinding finding, Actor actor, List<Actor> earlier, boolean enabled, List<Instant> started) {
        return approvals.decide(new Approvals.Facts(finding, actor, earlier, enabled, () -> started, NOW));
    }

    @Test
    void aLowRiskApprovalBeginsARealCleanupOnlyWhereCleanupsAreOn() {
        assertThat(decide(open(Risk.LOW), CY, List.of(), true, List.of())).isEqualTo(new Approvals.Transition.Begin(false, List.of("U0CY")));
        assertThat(decide(open(Risk.LOW), CY, List.of(), false, List.of())).isEqualTo(new Approvals.Transition.Begin(true, List.of("U0CY")));
    }

    @Test
    void highRiskWaitsForASecondDifferentAdmin() {
        assertThat(decide(open(Risk.HIGH), ANA, List.of(), true, List.of())).isInstanceOf(Approvals.Transition.Await.class);
        assertThat(decide(open(Risk.HIGH), ANA, List.of(ANA), true, List.of())).isInstanceOf(Approvals.Transition.Deny.class);
        assertThat(decide(open(Risk.HIGH), BO, List.of(ANA), true, List.of())).isEqualTo(new Approvals.Transition.Begin(false, List.of("U0ANA", "U0BO")));
    }

    @Test
    void theHourlyCapRefusesWithWhenTheNextMayStartButDryRunsAreNotCapped() {
        List<Instant> two = List.of(NOW.minus(Duration.ofMinutes(50)), NOW.minus(Duration.ofMinutes(10)));

        assertThat(decide(open(Risk.LOW), CY, List.of(), true, two)).isEqualTo(new Approvals.Transition.Deny(
                "account 123456789012 has reached its cap of 2 cleanups an hour; the next can start after 2026-11-26T15:10:00Z"));
        assertThat(decide(open(Risk.LOW), CY, List.of(), false, two)).isInstanceOf(Approvals.Transition.Begin.class);
    }

    @Test
    void theCapIsCountedOnlyWhenARealCleanupWouldBegin() {
        Approvals.Facts denied = new Approvals.Facts(open(Risk.HIGH), CY, List.of(), true, () -> {
            throw new AssertionError("counted the cap for an approval the policy refuses");
        }, NOW);
        Approvals.Facts awaiting = new Approvals.Facts(open(Risk.HIGH), ANA, List.of(), true, () -> {
            throw new AssertionError("counted the cap for an approval that waits for a second admin");
        }, NOW);

        assertThat(approvals.decide(denied)).isInstanceOf(Approvals.Transition.Deny.class);
        assertThat(approvals.decide(awaiting)).isInstanceOf(Approvals.Transition.Await.class);
    }

    @Test
    void aCleanupUnderWayOrDoneIsReturnedNotRepeatedAndAResolvedFindingIsRefused() {
        StoredFinding low = open(Risk.LOW);
        StoredFinding.CleanupView running = new StoredFinding.CleanupView(3, new CleanupState.Validating(), false, NOW);
        StoredFinding cleaning = new StoredFinding(12, 1, low.finding(), StoredFinding.Status.CLEANING, NOW, Optional.empty(), List.of(),
                Optional.of(running));
        StoredFinding resolved = new StoredFinding(12, 1, low.finding(), StoredFinding.Status.RESOLVED, NOW, Optional.empty(), List.of(),
                Optional.empty());

        assertThat(decide(cleaning, ANA, List.of(), true, List.of())).isEqualTo(new Approvals.Transition.AlreadyBegun(running));
        assertThat(decide(resolved, ANA, List.of(), true, List.of())).isEqualTo(new Approvals.Transition.Deny(
                "F-12 is resolved: the latest scan did not find it, so there is nothing to clean up"));
    }
}
