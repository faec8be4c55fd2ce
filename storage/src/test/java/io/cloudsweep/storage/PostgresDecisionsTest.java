package io.cloudsweep.storage;

import io.cloudsweep.engine.approval.Actor;
import io.cloudsweep.engine.approval.ApprovalPolicy;
import io.cloudsweep.engine.decisions.Approvals;
import io.cloudsweep.engine.approval.Role;
import io.cloudsweep.engine.cleanup.CleanupLimits;
import io.cloudsweep.engine.decisions.Decisions.Approval;
import io.cloudsweep.engine.decisions.Decisions.Deferred;
import io.cloudsweep.engine.model.Money;
import io.cloudsweep.engine.store.FindingQueries;
import io.cloudsweep.engine.store.StoredFinding;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.cloudsweep.storage.DemoOnDatabase.NOW;
import static org.assertj.core.api.Assertions.assertThat;

class PostgresDecisionsTest {

    private static final String LOW_RISK_SNAPSHOT = "snap-03f9a1c5e7b2d0201";
    private static final String MEDIUM_RISK_VOLUME = "vol-0e41b7c2d9a3f0101";
    private static final String HIGH_RISK_DATABASE = "analytics-old";
    private static final Actor ANA = new Actor("U-ana", Role.ADMIN);
    private static final Actor BO = new Actor("U-bo", Role.ADMIN);
    private static final Actor MEMBER = new Actor("U-cy", Role.MEMBER);
    private static final Actor VIEWER = new Actor("U-vi", Role.VIEWER);

    private final DemoOnDatabase demo = new DemoOnDatabase(true);
    private final PostgresDecisions decisions = new PostgresDecisions(demo.database);
    private final ApprovalPolicy policy = new ApprovalPolicy();

    @AfterEach
    void theAuditChainVerifies() {
        assertThat(new PostgresAuditLog(demo.database).verify()).isEmpty();
    }

    private Approval approve(String resource, Actor actor) {
        return approve(resource, actor, CleanupLimits.defaults());
    }

    private Approval approve(String resource, Actor actor, CleanupLimits limits) {
        return decisions.approve(demo.console.id(), demo.findingId(resource), actor, new Approvals(policy, limits), NOW).orElseThrow();
    }

    @Test
    void theLastScanIsTheOrganizationsLatest() {
        var last = decisions.lastScan(demo.console.id()).orElseThrow();

        assertThat(last.startedBy()).isEqualTo("test");
        assertThat(last.findings()).isEqualTo(demo.scan.findings().size());
        assertThat(last.monthlyCostUsd()).isEqualByComparingTo(demo.scan.totals().monthly().amount());
        long other = new Organizations(demo.database).ensure(io.cloudsweep.engine.store.Organization.Platform.SLACK, "T0OTHER", "Other").id();
        assertThat(decisions.lastScan(other)).isEmpty();
    }

    @Test
    void fiftyConcurrentApprovalsOfOneFindingBeginOneCleanup() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(8);
        List<Approval> approvals = new ArrayList<>();
        try {
            List<Callable<Approval>> clicks = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                clicks.add(() -> approve(LOW_RISK_SNAPSHOT, MEMBER));
            }
            for (Future<Approval> future : threads.invokeAll(clicks)) {
                approvals.add(future.get());
            }
        } finally {
            threads.shutdownNow();
        }

        assertThat(approvals).filteredOn(a -> a instanceof Approval.Started).hasSize(1);
        assertThat(approvals).filteredOn(a -> a instanceof Approval.AlreadyBegun).hasSize(49);
        assertThat(demo.count("SELECT count(*) FROM cleanups")).isEqualTo(1);
        assertThat(demo.count("SELECT count(*) FROM decisions")).isEqualTo(1);
        assertThat(demo.text("SELECT status FROM findings WHERE resource_id = '" + LOW_RISK_SNAPSHOT + "'")).isEqualTo("approved");
    }

    @Test
    void aViewerIsDeniedWithTheReasonAndTheAttemptIsAudited() {
        Approval approval = approve(LOW_RISK_SNAPSHOT, VIEWER);

        assertThat(approval).isInstanceOf(Approval.Denied.class);
        assertThat(((Approval.Denied) approval).reason()).contains("viewers cannot approve");
        assertThat(demo.count("SELECT count(*) FROM cleanups")).isZero();
        assertThat(demo.text("SELECT action || ' by ' || actor FROM audit_log")).isEqualTo("finding.approval_denied by U-vi");
    }

    @Test
    void aMediumRiskFindingNeedsAnAdmin() {
        assertThat(approve(MEDIUM_RISK_VOLUME, MEMBER)).isInstanceOf(Approval.Denied.class);
        assertThat(approve(MEDIUM_RISK_VOLUME, ANA)).isInstanceOf(Approval.Started.class);
    }

    @Test
    void aHighRiskFindingNeedsTwoDifferentAdmins() {
        Approval first = approve(HIGH_RISK_DATABASE, ANA);
        Approval again = approve(HIGH_RISK_DATABASE, ANA);
        Approval second = approve(HIGH_RISK_DATABASE, BO);

        assertThat(first).isInstanceOf(Approval.Awaiting.class);
        assertThat(((Approval.Awaiting) first).message()).contains("awaiting a second admin");
        assertThat(first.finding().pendingApprovals()).extracting(StoredFinding.DecisionRecord::userId).containsExactly("U-ana");
        assertThat(again).isInstanceOf(Approval.Denied.class);
        assertThat(((Approval.Denied) again).reason()).contains("approved this already");
        assertThat(second).isInstanceOf(Approval.Started.class);
        assertThat(demo.text("SELECT step_log -> 0 ->> 'detail' FROM cleanups")).isEqualTo("approved by U-ana, U-bo");
    }

    @Test
    void theCapStopsCleanupsBeyondItsHourlyLimit() {
        CleanupLimits twoAnHour = new CleanupLimits(2, Duration.ofDays(7));

        assertThat(approve("snap-03f9a1c5e7b2d0201", MEMBER, twoAnHour)).isInstanceOf(Approval.Started.class);
        assertThat(approve("snap-03f9a1c5e7b2d0202", MEMBER, twoAnHour)).isInstanceOf(Approval.Started.class);
        Approval third = approve("eipalloc-07c2e4a6b8d0f0401", MEMBER, twoAnHour);

        assertThat(third).isInstanceOf(Approval.Denied.class);
        assertThat(((Approval.Denied) third).reason()).contains("cap of 2 cleanups an hour").contains("after 2026-11-26T16:00:00Z");
    }

    @Test
    void anAccountWithCleanupsOffGetsDryRuns() {
        demo.database.jdbi().useHandle(handle -> handle.execute("UPDATE aws_accounts SET cleanups_enabled = false"));

        Approval approval = approve(LOW_RISK_SNAPSHOT, MEMBER);

        assertThat(approval).isInstanceOfSatisfying(Approval.Started.class, started -> assertThat(started.dryRun()).isTrue());
    }

    @Test
    void openWasteIsCountedAndSummedInTheDatabaseAsTheOpenFindingsAddUp() {
        List<StoredFinding> open = decisions.open(demo.console.id(), Optional.empty(), BigDecimal.ZERO);
        BigDecimal monthly = open.stream().map(finding -> finding.finding().monthlyCost().map(money -> money.amount()).orElse(BigDecimal.ZERO))
                .reduce(BigDecimal.ZERO, BigDecimal::add);

        FindingQueries.OpenWaste waste = decisions.openWaste(demo.console.id(), 5);

        assertThat(open).hasSizeGreaterThan(5);
        assertThat(waste.findings()).isEqualTo(open.size());
        assertThat(waste.monthlyUsd()).isEqualByComparingTo(monthly);
        assertThat(waste.costliest()).extracting(StoredFinding::id).containsExactlyElementsOf(open.subList(0, 5).stream().map(StoredFinding::id).toList());
        assertThat(decisions.openWaste(demo.console.id() + 1000, 5)).isEqualTo(new FindingQueries.OpenWaste(0, BigDecimal.ZERO, List.of()));
    }

    @Test
    void openLowRiskFindingsAreCountedByRuleInTheDatabase() {
        java.util.Map<String, Integer> expected = new java.util.HashMap<>();
        decisions.open(demo.console.id(), Optional.empty(), BigDecimal.ZERO).stream()
                .filter(finding -> finding.finding().risk() == io.cloudsweep.engine.model.Risk.LOW)
                .forEach(finding -> expected.merge(finding.finding().ruleId(), 1, Integer::sum));
        assertThat(expected).as("the demo has low-risk findings").isNotEmpty();

        assertThat(decisions.openLowRiskByRule(demo.console.id())).isEqualTo(expected);

        decisions.snooze(demo.console.id(), demo.findingId(LOW_RISK_SNAPSHOT), MEMBER, NOW.plus(Duration.ofDays(30)), NOW).orElseThrow();
        String rule = decisions.find(demo.console.id(), demo.findingId(LOW_RISK_SNAPSHOT)).orElseThrow().finding().ruleId();
        assertThat(decisions.openLowRiskByRule(demo.console.id()).getOrDefault(rule, 0)).as("a snoozed finding is not open")
                .isEqualTo(expected.get(rule) - 1);
        assertThat(decisions.openLowRiskByRule(demo.console.id() + 1000)).isEmpty();
    }

    @Test
    void aPageOfOpenFindingsIsReadInTheChatsOrderWithTheirTotal() {
        List<StoredFinding> all = FindingQueries.byRuleThenCost(decisions.open(demo.console.id(), Optional.empty(), BigDecimal.ZERO));
        assertThat(all).hasSizeGreaterThan(6);

        List<Long> paged = new ArrayList<>();
        for (int offset = 0; offset < all.size(); offset += 4) {
            FindingQueries.OpenPage page = decisions.openPage(demo.console.id(), Optional.empty(), BigDecimal.ZERO, Optional.empty(), offset, 4);
            assertThat(page.total()).isEqualTo(all.size());
            page.findings().forEach(finding -> paged.add(finding.id()));
        }
        assertThat(paged).as("pages in the order the chat lists them").containsExactlyElementsOf(all.stream().map(StoredFinding::id).toList());

        String rule = all.get(0).finding().ruleId();
        FindingQueries.OpenPage ofRule = decisions.openPage(demo.console.id(), Optional.of(rule), BigDecimal.ZERO, Optional.empty(), 0, 100);
        assertThat(ofRule.findings()).isNotEmpty().allSatisfy(finding -> assertThat(finding.finding().ruleId()).isEqualTo(rule));
        Instant newest = all.stream().map(StoredFinding::firstSeen).max(Instant::compareTo).orElseThrow();
        assertThat(decisions.openPage(demo.console.id(), Optional.empty(), BigDecimal.ZERO, Optional.of(newest.plusSeconds(1)), 0, 10).total())
                .as("none first seen after the newest").isZero();
        assertThat(decisions.openPage(demo.console.id(), Optional.empty(), BigDecimal.ZERO, Optional.of(newest), 0, 100).findings())
                .isNotEmpty().allSatisfy(finding -> assertThat(finding.firstSeen()).isEqualTo(newest));
    }

    @Test
    void aMinimumCostKeepsTheFindingsCostingAtLeastThatAndDropsThoseOfUnknownCost() {
        List<StoredFinding> all = decisions.open(demo.console.id(), Optional.empty(), BigDecimal.ZERO);
        List<BigDecimal> costs = all.stream().flatMap(finding -> finding.finding().monthlyCost().stream()).map(Money::amount).sorted().toList();
        BigDecimal min = costs.get(costs.size() / 2);
        List<Long> expected = FindingQueries.byRuleThenCost(all.stream()
                .filter(finding -> finding.finding().monthlyCost().filter(cost -> cost.amount().compareTo(min) >= 0).isPresent()).toList())
                .stream().map(StoredFinding::id).toList();
        assertThat(expected).as("some findings below the minimum").hasSizeBetween(1, all.size() - 1);
        assertThat(all).as("some of unknown cost").anySatisfy(finding -> assertThat(finding.finding().monthlyCost()).isEmpty());

        FindingQueries.OpenPage page = decisions.openPage(demo.console.id(), Optional.empty(), min, Optional.empty(), 0, 100);
        assertThat(page.total()).isEqualTo(expected.size());
        assertThat(page.findings()).extracting(StoredFinding::id).containsExactlyElementsOf(expected);
        assertThat(decisions.open(demo.console.id(), Optional.empty(), min)).extracting(StoredFinding::id)
                .containsExactlyInAnyOrderElementsOf(expected);
        assertThat(decisions.openPage(demo.console.id(), Optional.empty(), costs.get(costs.size() - 1).add(BigDecimal.ONE), Optional.empty(), 0, 10)
                .total()).as("none costs more than the costliest").isZero();
    }

    @Test
    void aSnoozeHidesTheFindingUntilItsDate() {
        Instant until = NOW.plus(Duration.ofDays(30));
        Deferred snoozed = decisions.snooze(demo.console.id(), demo.findingId(LOW_RISK_SNAPSHOT), MEMBER, until, NOW).orElseThrow();

        assertThat(snoozed.refused()).isEmpty();
        assertThat(snoozed.finding().status()).isEqualTo(StoredFinding.Status.SNOOZED);
        assertThat(snoozed.finding().snoozedUntil()).contains(until);
        assertThat(decisions.open(demo.console.id(), Optional.empty(), BigDecimal.ZERO))
                .noneMatch(f -> f.finding().resource().id().equals(LOW_RISK_SNAPSHOT));
    }

    @Test
    void aSnoozeThatEndedOpensItsFindingOnceAndIsAudited() {
        long id = demo.findingId(LOW_RISK_SNAPSHOT);
        Instant until = NOW.plus(Duration.ofDays(7));
        decisions.snooze(demo.console.id(), id, MEMBER, until, NOW).orElseThrow();

        Optional<StoredFinding> early = decisions.wake(demo.console.id(), id, until.minusSeconds(1));
        Optional<StoredFinding> due = decisions.wake(demo.console.id(), id, until);
        Optional<StoredFinding> again = decisions.wake(demo.console.id(), id, until.plusSeconds(1));

        assertThat(early).as("not yet due").isEmpty();
        assertThat(due).hasValueSatisfying(finding -> {
            assertThat(finding.status()).isEqualTo(StoredFinding.Status.OPEN);
            assertThat(finding.snoozedUntil()).isEmpty();
        });
        assertThat(again).as("open already").isEmpty();
        assertThat(decisions.wake(demo.console.id() + 1000, id, until)).as("another organization's").isEmpty();
        List<String> audited = demo.database.jdbi().withHandle(handle -> handle.createQuery(
                "SELECT action FROM audit_log WHERE subject = :subject ORDER BY id").bind("subject", "finding/" + id).mapTo(String.class).list());
        assertThat(audited).containsExactly("finding.snoozed", "finding.snooze_ended");
    }

    @Test
    void theSnoozesThatEndedAreListedForEveryOrganizationInIdOrderAPageAtATime() {
        long console = demo.console.id();
        long mine = demo.findingId(LOW_RISK_SNAPSHOT);
        long later = demo.findingId(MEDIUM_RISK_VOLUME);
        long rejected = demo.findingId(HIGH_RISK_DATABASE);
        io.cloudsweep.engine.store.Organization other = new Organizations(demo.database)
                .ensure(io.cloudsweep.engine.store.Organization.Platform.SLACK, "T0SNOOZE", "Other");
        new PostgresFindingStore(demo.database).save(other, demo.scan);
        long theirs = demo.database.jdbi().withHandle(handle -> handle.createQuery(
                "SELECT id FROM findings WHERE organization_id = :org AND resource_id = :id").bind("org", other.id())
                .bind("id", LOW_RISK_SNAPSHOT).mapTo(Long.class).one());
        Instant due = NOW.plus(Duration.ofDays(7));
        decisions.snooze(console, mine, MEMBER, due, NOW).orElseThrow();
        decisions.snooze(other.id(), theirs, MEMBER, due.minusSeconds(60), NOW).orElseThrow();
        decisions.snooze(console, later, MEMBER, due.plusSeconds(1), NOW).orElseThrow();
        decisions.snooze(console, rejected, MEMBER, due.minusSeconds(60), NOW).orElseThrow();
        decisions.reject(console, rejected, MEMBER, Optional.empty(), NOW).orElseThrow();

        List<PostgresDecisions.EndedSnooze> ended = decisions.snoozesEnded(due, 0, 10);

        assertThat(decisions.snoozesEnded(due.minusSeconds(61), 0, 10)).as("none ended yet").isEmpty();
        assertThat(ended).as("ended by then, in id order; not the one snoozed a second longer, nor the one rejected since")
                .containsExactly(new PostgresDecisions.EndedSnooze(console, mine), new PostgresDecisions.EndedSnooze(other.id(), theirs));
        assertThat(decisions.snoozesEnded(due, 0, 1)).containsExactly(ended.get(0));
        assertThat(decisions.snoozesEnded(due, ended.get(0).findingId(), 1)).as("the next page").containsExactly(ended.get(1));
        assertThat(decisions.snoozesEnded(due, ended.get(1).findingId(), 1)).as("past the last").isEmpty();
        decisions.wake(console, mine, due).orElseThrow();
        assertThat(decisions.snoozesEnded(due, 0, 10)).as("once woken").containsExactly(new PostgresDecisions.EndedSnooze(other.id(), theirs));
    }

    @Test
    void aRejectionExcludesTheResourceFromTheNextScanAndCannotBeApproved() {
        Deferred rejected = decisions.reject(demo.console.id(), demo.findingId(LOW_RISK_SNAPSHOT), MEMBER, Optional.of("kept for audits"), NOW)
                .orElseThrow();

        assertThat(rejected.finding().status()).isEqualTo(StoredFinding.Status.REJECTED);
        assertThat(rejected.finding().decisions()).singleElement().satisfies(d -> assertThat(d.reason()).contains("kept for audits"));
        assertThat(new PostgresFindingStore(demo.database).save(demo.console, demo.scan).excluded()).isEqualTo(1);
        assertThat(approve(LOW_RISK_SNAPSHOT, ANA)).isInstanceOf(Approval.Denied.class);
    }

    @Test
    void aFindingOfAnotherOrganizationIsNotFound() {
        long other = new Organizations(demo.database).ensure(io.cloudsweep.engine.store.Organization.Platform.SLACK, "T-OTHER", "other").id();

        assertThat(decisions.approve(other, demo.findingId(LOW_RISK_SNAPSHOT), ANA, new Approvals(policy, CleanupLimits.defaults()), NOW)).isEmpty();
        assertThat(decisions.find(other, demo.findingId(LOW_RISK_SNAPSHOT))).isEmpty();
    }
}
