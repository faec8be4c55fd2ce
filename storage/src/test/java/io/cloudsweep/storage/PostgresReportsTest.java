package io.cloudsweep.storage;

import io.cloudsweep.engine.approval.Actor;
import io.cloudsweep.engine.approval.ApprovalPolicy;
import io.cloudsweep.engine.approval.RiskPolicy;
import io.cloudsweep.engine.approval.Role;
import io.cloudsweep.engine.cleanup.CleanupActions;
import io.cloudsweep.engine.cleanup.CleanupLimits;
import io.cloudsweep.engine.cleanup.CleanupService;
import io.cloudsweep.engine.cleanup.CleanupState;
import io.cloudsweep.engine.config.Settings;
import io.cloudsweep.engine.decisions.Approvals;
import io.cloudsweep.engine.decisions.Decisions;
import io.cloudsweep.engine.demo.DemoCleanupActions;
import io.cloudsweep.engine.demo.DemoCloud;
import io.cloudsweep.engine.model.Money;
import io.cloudsweep.engine.pricing.PriceBook;
import io.cloudsweep.engine.pricing.Pricer;
import io.cloudsweep.engine.report.Digest;
import io.cloudsweep.engine.report.Digests;
import io.cloudsweep.engine.report.Realised;
import io.cloudsweep.engine.rules.Protection;
import io.cloudsweep.engine.rules.RuleSet;
import io.cloudsweep.engine.scan.ScanListener;
import io.cloudsweep.engine.scan.ScanRequest;
import io.cloudsweep.engine.scan.ScanService;
import io.cloudsweep.engine.store.Organization;
import io.cloudsweep.engine.testing.MovingClock;
import io.cloudsweep.engine.testing.RefusingActions;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Eight weeks of an organization's history, made through the real stores with a clock moved by hand: scans, a cleanup
 * done then undone, a failed one, one done this week, a snooze ending soon, a high-risk approval left waiting. The
 * digest and the savings read back must say what the findings, cleanups and waste_history tables say.
 */
class PostgresReportsTest {

    private static final Instant NOW = Instant.parse("2026-12-04T09:00:00Z");
    private static final Instant START = NOW.minus(Duration.ofDays(56));
    private static final Actor ANA = new Actor("U0ANA", Role.ADMIN);
    private static final Actor BO = new Actor("U0BO", Role.ADMIN);
    private static final BigDecimal SECONDS_PER_MONTH = BigDecimal.valueOf(365L * 86_400 / 12);

    private final MovingClock clock = new MovingClock(START);
    private final Database database = TestDatabase.get();
    private final Organization console = new Organizations(database).console();
    private final DemoCloud cloud = DemoCloud.at(START);
    private final PostgresDecisions decisions = new PostgresDecisions(database);
    private final PostgresCleanupStore cleanups = new PostgresCleanupStore(database, clock);
    private final PostgresReports reports = new PostgresReports(database);

    private void scan() {
        ScanService scans = new ScanService(cloud, RuleSet.standard(Settings.empty()), new Pricer(PriceBook.embedded()),
                new RiskPolicy(RiskPolicy.Parameters.defaults()), Protection.from(Settings.empty()), clock, 3);
        new PostgresFindingStore(database).save(console, scans.scan(ScanRequest.allRegions(List.of(DemoCloud.ACCOUNT), "test"), ScanListener.NONE));
    }

    private CleanupService service(CleanupActions actions) {
        return new CleanupService(cleanups, cloud, actions, RuleSet.standard(Settings.empty()), new Pricer(PriceBook.embedded()),
                new RiskPolicy(RiskPolicy.Parameters.defaults()), Protection.from(Settings.empty()), clock);
    }

    private long finding(String where) {
        return database.jdbi().withHandle(handle -> handle.createQuery("SELECT id FROM findings WHERE " + where + " ORDER BY id LIMIT 1")
                .mapTo(Long.class).one());
    }

    private Money cost(long findingId) {
        BigDecimal usd = database.jdbi().withHandle(handle -> handle.createQuery("SELECT monthly_cost_usd FROM findings WHERE id = :id")
                .bind("id", findingId).mapTo(BigDecimal.class).one());
        return Money.usd(usd);
    }

    private Decisions.Approval approve(long findingId, Actor actor) {
        return decisions.approve(console.id(), findingId, actor, new Approvals(new ApprovalPolicy(), CleanupLimits.defaults()), clock.instant())
                .orElseThrow();
    }

    private long cleanedUp(long findingId, CleanupActions actions) {
        long cleanup = ((Decisions.Approval.Started) approve(findingId, ANA)).cleanupId();
        service(actions).advance(cleanup, "test", step -> { });
        return cleanup;
    }

    private long count(String sql) {
        return database.jdbi().withHandle(handle -> handle.createQuery(sql).bind("org", console.id()).mapTo(Long.class).one());
    }

    private Money sum(String sql) {
        BigDecimal usd = database.jdbi().withHandle(handle -> handle.createQuery(sql).bind("org", console.id()).mapTo(BigDecimal.class).one());
        return Money.usd(usd);
    }

    /** What {@code monthly} saves over {@code days}, worked out by hand: a month is 365/12 days. */
    private static BigDecimal saved(Money monthly, long days) {
        return monthly.amount().multiply(BigDecimal.valueOf(days * 86_400)).divide(SECONDS_PER_MONTH, MathContext.DECIMAL64);
    }

    @Test
    void eightWeeksOfHistoryReadBackAsTheTablesSayThem() {
        new AwsAccounts(database).connect(console.id(), DemoCloud.ACCOUNT.id(), DemoCloud.ACCOUNT.name(), Optional.empty(), Optional.empty(), true);
        scan();
        DemoCleanupActions demo = new DemoCleanupActions(cloud, clock);

        clock.at(START.plus(Duration.ofDays(14)));
        long volume = finding("rule_id = 'ebs-unattached' AND risk = 'medium'");
        Money volumeCost = cost(volume);
        long volumeCleanup = cleanedUp(volume, demo);
        clock.at(START.plus(Duration.ofDays(28)));
        scan();
        clock.at(START.plus(Duration.ofDays(42)));
        assertThat(service(demo).undo(cleanups.find(volumeCleanup).orElseThrow(), "test", Duration.ofDays(30)).undone()).isTrue();

        clock.at(NOW.minus(Duration.ofDays(5)));
        long address = finding("rule_id = 'eip-unassociated' AND risk = 'low'");
        long failing = cleanedUp(address, new RefusingActions(demo, "UnauthorizedOperation: not allowed to release addresses"));
        assertThat(cleanups.find(failing).orElseThrow().state()).isInstanceOf(CleanupState.Failed.class);
        clock.at(NOW.minus(Duration.ofDays(4)));
        long highRisk = finding("risk = 'high'");
        assertThat(approve(highRisk, BO)).isInstanceOf(Decisions.Approval.Awaiting.class);
        clock.at(NOW.minus(Duration.ofDays(3)));
        long snoozed = finding("rule_id = 'ebs-snapshot-old'");
        decisions.snooze(console.id(), snoozed, ANA, NOW.plus(Duration.ofDays(2)), clock.instant()).orElseThrow();
        clock.at(NOW.minus(Duration.ofDays(2)));
        long second = finding("rule_id = 'eip-unassociated' AND risk = 'low' AND status = 'open'");
        Money secondCost = cost(second);
        cleanedUp(second, demo);
        clock.at(NOW.minus(Duration.ofDays(1)));
        scan();
        clock.at(NOW);

        Digest digest = new Digests(reports, reports, clock).build(console.id(), Digest.Scope.WEEK, ZoneOffset.UTC);

        String week = "organization_id = :org AND %s >= TIMESTAMPTZ '2026-11-27T09:00:00Z' AND %s < TIMESTAMPTZ '2026-12-04T09:00:00Z'";
        String open = "FROM findings WHERE organization_id = :org AND status IN ('open', 'failed', 'rolled_back')";
        assertThat(digest.openNow().openFindings()).isEqualTo(count("SELECT count(*) " + open));
        assertThat(digest.openNow().openMonthly()).isEqualTo(sum("SELECT sum(monthly_cost_usd) " + open));
        assertThat(digest.openBefore()).as("the scan four weeks in, the last recorded before the week").hasValueSatisfying(before -> {
            assertThat(before.at()).isEqualTo(START.plus(Duration.ofDays(28)).truncatedTo(ChronoUnit.MICROS));
            assertThat(before.openMonthly()).isEqualTo(sum("SELECT open_monthly_usd FROM waste_history WHERE organization_id = :org"
                    + " AND at <= TIMESTAMPTZ '2026-11-27T09:00:00Z' ORDER BY at DESC LIMIT 1"));
        });
        assertThat(digest.fresh().count()).isEqualTo(count("SELECT count(*) FROM findings WHERE " + week.formatted("first_seen", "first_seen")));
        assertThat(digest.resolved().count()).isEqualTo(count("SELECT count(*) FROM findings WHERE " + week.formatted("resolved_at", "resolved_at")));
        assertThat(digest.cleaned()).isEqualTo(new Digest.Tally(1, secondCost));
        assertThat(digest.failed()).singleElement().satisfies(ended -> {
            assertThat(ended.cleanupId()).isEqualTo(failing);
            assertThat(ended.state()).isEqualTo("failed");
            assertThat(ended.reason()).contains("UnauthorizedOperation");
        });
        assertThat(digest.waiting()).singleElement().satisfies(waiting -> {
            assertThat(waiting.findingId()).isEqualTo(highRisk);
            assertThat(waiting.approvedBy()).isEqualTo("U0BO");
        });
        assertThat(digest.snoozesEnding()).singleElement().satisfies(ending -> assertThat(ending.findingId()).isEqualTo(snoozed));
        assertThat(digest.top()).hasSize(Digests.TOP).isSortedAccordingTo((a, b) -> b.finding().monthlyCost().orElse(Money.ZERO)
                .compareTo(a.finding().monthlyCost().orElse(Money.ZERO)));

        // the volume saved for the two weeks until its undo; the address for the two days since
        BigDecimal total = saved(volumeCost, 28).add(saved(secondCost, 2));
        assertThat(digest.savings().total()).isEqualTo(Money.usd(total.setScale(2, RoundingMode.HALF_UP)));
        assertThat(digest.savedInPeriod()).isEqualTo(Money.usd(saved(secondCost, 2).setScale(2, RoundingMode.HALF_UP)));
        assertThat(digest.savings().runRate()).isEqualTo(secondCost);
        assertThat(digest.savings().undone()).isEqualTo(1);
        List<Realised> realised = reports.realised(console.id());
        assertThat(realised).extracting(Realised::cleanupId, Realised::doneAt, Realised::undoneAt).first()
                .isEqualTo(org.assertj.core.groups.Tuple.tuple(volumeCleanup, START.plus(Duration.ofDays(14)),
                        Optional.of(START.plus(Duration.ofDays(42)))));

        assertThat(digest.trend()).hasSize(12);
        assertThat(digest.trend().get(0).openWaste()).as("twelve weeks ago nothing was recorded").isEmpty();
        assertThat(digest.trend().get(11).openWaste()).contains(digest.openNow().openMonthly());
        assertThat(digest.trend().get(11).savedToDate()).isEqualTo(digest.savings().total());
        assertThat(digest.trend().get(6).savedToDate()).as("the week ending three weeks in: a week after the volume's cleanup")
                .isEqualTo(Money.usd(saved(volumeCost, 7).setScale(2, RoundingMode.HALF_UP)));
        assertThat(count("SELECT count(*) FROM waste_history WHERE organization_id = :org")).as("three scans and this digest").isEqualTo(4);
    }

    @Test
    void lastMonthsReportListsTheCleanupsThatRanOrSavedInIt() {
        new AwsAccounts(database).connect(console.id(), DemoCloud.ACCOUNT.id(), DemoCloud.ACCOUNT.name(), Optional.empty(), Optional.empty(), true);
        scan();
        DemoCleanupActions demo = new DemoCleanupActions(cloud, clock);
        clock.at(Instant.parse("2026-10-20T00:00:00Z"));
        long before = cleanedUp(finding("rule_id = 'eip-unassociated' AND risk = 'low'"), demo);
        clock.at(Instant.parse("2026-11-16T00:00:00Z"));
        long during = cleanedUp(finding("rule_id = 'eip-unassociated' AND risk = 'low' AND status = 'open'"), demo);
        clock.at(Instant.parse("2026-12-01T09:00:00Z"));
        long after = cleanedUp(finding("rule_id = 'ebs-unattached' AND risk = 'medium'"), demo);

        Digest report = new Digests(reports, reports, clock).build(console.id(), Digest.Scope.MONTH, ZoneOffset.UTC);

        assertThat(report.from()).isEqualTo(Instant.parse("2026-11-01T00:00:00Z"));
        assertThat(report.to()).isEqualTo(Instant.parse("2026-12-01T00:00:00Z"));
        assertThat(report.cleanups()).extracting(Digest.CleanupLine::cleanupId).containsExactly(before, during).doesNotContain(after);
        assertThat(report.cleanups().get(0).savedBetween(report.from(), report.to())).as("all of November")
                .isEqualTo(Money.usd(saved(report.cleanups().get(0).monthly().orElseThrow(), 30).setScale(2, RoundingMode.HALF_UP)));
        assertThat(report.cleanups().get(1).savedBetween(report.from(), report.to())).as("from the 16th")
                .isEqualTo(Money.usd(saved(report.cleanups().get(1).monthly().orElseThrow(), 15).setScale(2, RoundingMode.HALF_UP)));
    }
}
