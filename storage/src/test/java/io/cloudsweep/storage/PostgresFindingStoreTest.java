package io.cloudsweep.storage;

import io.cloudsweep.engine.approval.RiskPolicy;
import io.cloudsweep.engine.config.Settings;
import io.cloudsweep.engine.demo.DemoCloud;
import io.cloudsweep.engine.model.Finding;
import io.cloudsweep.engine.model.Region;
import io.cloudsweep.engine.model.ResourceType;
import io.cloudsweep.engine.pricing.PriceBook;
import io.cloudsweep.engine.pricing.Pricer;
import io.cloudsweep.engine.rules.Protection;
import io.cloudsweep.engine.rules.RuleSet;
import io.cloudsweep.engine.scan.FailedRegion;
import io.cloudsweep.engine.scan.ScanGap;
import io.cloudsweep.engine.scan.ScanListener;
import io.cloudsweep.engine.scan.ScanReport;
import io.cloudsweep.engine.scan.ScanRequest;
import io.cloudsweep.engine.scan.ScanService;
import io.cloudsweep.engine.store.FindingStore.SavedScan;
import io.cloudsweep.engine.store.Organization;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

class PostgresFindingStoreTest {

    private static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");
    private static final Region US_EAST_1 = Region.of("us-east-1");
    private static final String OLD_VOLUME = "vol-0e41b7c2d9a3f0101";

    private Database database;
    private PostgresFindingStore store;
    private Organization console;

    @BeforeEach
    void setUp() {
        database = TestDatabase.get();
        store = new PostgresFindingStore(database);
        console = new Organizations(database).console();
    }

    /** A scan of the demo account at {@code at}, as the CLI would make it. */
    static ScanReport demoScan(Instant at) {
        ScanService service = new ScanService(DemoCloud.at(T0), RuleSet.standard(Settings.empty()), new Pricer(PriceBook.embedded()),
                new RiskPolicy(RiskPolicy.Parameters.defaults()), Protection.from(Settings.empty()), Clock.fixed(at, ZoneOffset.UTC), 3);
        return service.scan(ScanRequest.allRegions(List.of(DemoCloud.ACCOUNT), "test"), ScanListener.NONE);
    }

    /** {@code report} with only the findings {@code keep} accepts, and the given failures and gaps. */
    static ScanReport edited(ScanReport report, java.util.function.Predicate<Finding> keep, List<FailedRegion> failed, List<ScanGap> gaps) {
        return new ScanReport(report.startedBy(), report.startedAt(), report.finishedAt(), report.accounts(), report.regions(), failed, gaps,
                report.resourcesScanned(), report.findings().stream().filter(keep).toList(), report.diagnostics());
    }

    private Map<String, Object> row(String resourceId) {
        return database.jdbi().withHandle(handle -> handle.createQuery("SELECT * FROM findings WHERE resource_id = :id")
                .bind("id", resourceId).mapToMap().one());
    }

    private int count(String sql) {
        return database.jdbi().withHandle(handle -> handle.createQuery(sql).mapTo(Integer.class).one());
    }

    private void setStatus(String resourceId, String status, Instant snoozedUntil) {
        database.jdbi().useHandle(handle -> handle.createUpdate(
                        "UPDATE findings SET status = :status, snoozed_until = :until WHERE resource_id = :id")
                .bind("status", status).bind("until", snoozedUntil == null ? null : snoozedUntil.atOffset(ZoneOffset.UTC))
                .bind("id", resourceId).execute());
    }

    /** {@code report} with only the findings {@code keep} accepts, us-east-1 counted as holding {@code usEast1} resources. */
    private static ScanReport counted(ScanReport report, java.util.function.Predicate<Finding> keep, int usEast1) {
        List<ScanReport.RegionSeen> seen = report.seen().stream().map(region -> region.region().equals(US_EAST_1)
                ? new ScanReport.RegionSeen(region.accountId(), region.region(), usEast1) : region).toList();
        return new ScanReport(report.startedBy(), report.startedAt(), report.finishedAt(), report.accounts(), report.regions(),
                report.failedRegions(), report.gaps(), report.resourcesScanned(), report.findings().stream().filter(keep).toList(),
                report.diagnostics(), report.failedAccounts(), seen);
    }

    @Test
    void aRegionThatComesBackNearlyEmptyWhereManyResourcesWereIsDoubtedOnceThenBelieved() {
        java.util.function.Predicate<Finding> elsewhere = finding -> !finding.resource().region().equals(US_EAST_1);
        ScanReport full = counted(demoScan(T0), finding -> true, PostgresFindingStore.DOUBTED_FROM);
        long inUsEast1 = full.findings().stream().filter(elsewhere.negate()).count();
        store.save(console, full);

        SavedScan doubted = store.save(console, counted(demoScan(T0.plus(Duration.ofHours(6))), elsewhere, PostgresFindingStore.DOUBTED_FROM / 10 - 1));
        SavedScan believed = store.save(console, counted(demoScan(T0.plus(Duration.ofHours(12))), elsewhere, 0));

        assertThat(inUsEast1).isPositive();
        assertThat(full.seen()).as("the scan counts every region it read").hasSize(full.regions().size());
        assertThat(doubted.resolved()).isZero();
        assertThat(doubted.held()).singleElement().asString().isEqualTo(DemoCloud.ACCOUNT.id() + " us-east-1: the inventory came back with "
                + (PostgresFindingStore.DOUBTED_FROM / 10 - 1) + " resources where the scan before saw " + PostgresFindingStore.DOUBTED_FROM
                + "; none of its findings was resolved, until a second scan agrees");
        String regions = database.jdbi().withHandle(handle -> handle.createQuery("SELECT status || ' ' || region_results::text FROM scans WHERE id = :id")
                .bind("id", doubted.scanId()).mapTo(String.class).one());
        assertThat(regions).startsWith("partial ").contains("\"doubted\": \"" + DemoCloud.ACCOUNT.id() + " us-east-1: the inventory came back");
        assertThat(believed.held()).as("the second scan agrees").isEmpty();
        assertThat(believed.resolved()).isEqualTo((int) inUsEast1);
    }

    @Test
    void aSmallRegionThatEmptiesIsBelievedAtOnce() {
        store.save(console, counted(demoScan(T0), finding -> true, PostgresFindingStore.DOUBTED_FROM - 1));

        SavedScan emptied = store.save(console, counted(demoScan(T0.plus(Duration.ofHours(6))),
                finding -> !finding.resource().region().equals(US_EAST_1), 0));

        assertThat(emptied.held()).isEmpty();
        assertThat(emptied.resolved()).isPositive();
    }

    @Test
    void anAccountThatCouldNotBeReachedResolvesNothingAndItsLastScanSaysWhy() {
        new AwsAccounts(database).connect(console.id(), DemoCloud.ACCOUNT.id(), DemoCloud.ACCOUNT.name(), Optional.empty(), Optional.empty(), false);
        store.save(console, demoScan(T0));
        ScanReport later = demoScan(T0.plus(Duration.ofHours(6)));
        ScanReport unreachable = new ScanReport(later.startedBy(), later.startedAt(), later.finishedAt(), later.accounts(), later.regions(),
                List.of(), List.of(), 0, List.of(), List.of(), List.of(new ScanReport.FailedAccount(DemoCloud.ACCOUNT.id(), "the role is gone")));

        SavedScan saved = store.save(console, unreachable);

        assertThat(saved.resolved()).isZero();
        assertThat(count("SELECT count(*) FROM findings WHERE status = 'open'")).isEqualTo(later.findings().size());
        assertThat(new AwsAccounts(database).accounts(console.id())).singleElement().satisfies(account ->
                assertThat(account.lastScan()).hasValueSatisfying(last -> {
                    assertThat(last.scanId()).isEqualTo(saved.scanId());
                    assertThat(last.status()).isEqualTo("failed");
                    assertThat(last.error()).contains("the role is gone");
                }));
        String status = database.jdbi().withHandle(handle -> handle.createQuery("SELECT status FROM scans WHERE id = :id")
                .bind("id", saved.scanId()).mapTo(String.class).one());
        assertThat(status).isEqualTo("failed");
    }

    @Test
    void twoScansLeaveEachFindingOnceWithFirstSeenFromTheFirst() {
        ScanReport first = demoScan(T0);
        ScanReport second = demoScan(T0.plus(Duration.ofHours(6)));

        SavedScan saved1 = store.save(console, first);
        SavedScan saved2 = store.save(console, second);

        assertThat(saved1.inserted()).isEqualTo(first.findings().size());
        assertThat(saved2.inserted()).isZero();
        assertThat(saved2.updated()).isEqualTo(second.findings().size()).isEqualTo(first.findings().size());
        assertThat(saved2.resolved()).isZero();
        assertThat(count("SELECT count(*) FROM findings")).isEqualTo(first.findings().size());
        assertThat(count("SELECT count(*) FROM scans")).isEqualTo(2);
        Map<String, Object> volume = row(OLD_VOLUME);
        assertThat(((java.sql.Timestamp) volume.get("first_seen")).toInstant()).isEqualTo(first.startedAt());
        assertThat(((java.sql.Timestamp) volume.get("last_seen")).toInstant()).isEqualTo(second.startedAt());
        assertThat(volume.get("status")).isEqualTo("open");
        assertThat(volume.get("monthly_cost_usd").toString()).isEqualTo("10.00");
        assertThat(volume.get("evidence").toString()).contains("\"state\"").contains("available");
    }

    @Test
    void aFindingNotSeenInACompleteScanOfItsRegionIsResolvedAndReopensWhenSeenAgain() {
        store.save(console, demoScan(T0));
        ScanReport without = edited(demoScan(T0.plusSeconds(3600)), f -> !f.resource().id().equals(OLD_VOLUME), List.of(), List.of());

        SavedScan saved = store.save(console, without);

        assertThat(saved.resolved()).isEqualTo(1);
        assertThat(row(OLD_VOLUME).get("status")).isEqualTo("resolved");
        assertThat(row(OLD_VOLUME).get("resolved_at")).isNotNull();

        store.save(console, demoScan(T0.plusSeconds(7200)));
        assertThat(row(OLD_VOLUME).get("status")).isEqualTo("open");
        assertThat(row(OLD_VOLUME).get("resolved_at")).isNull();
    }

    @Test
    void aFailedRegionResolvesNothing() {
        int found = store.save(console, demoScan(T0)).inserted();
        ScanReport failedUsEast = edited(demoScan(T0.plusSeconds(3600)), f -> !f.resource().region().equals(US_EAST_1),
                List.of(new FailedRegion(DemoCloud.ACCOUNT.id(), US_EAST_1, "access denied")), List.of());

        SavedScan saved = store.save(console, failedUsEast);

        assertThat(saved.resolved()).isZero();
        assertThat(count("SELECT count(*) FROM findings WHERE status = 'open'")).isEqualTo(found);
        String status = database.jdbi().withHandle(handle -> handle.createQuery("SELECT status FROM scans ORDER BY id DESC LIMIT 1")
                .mapTo(String.class).one());
        assertThat(status).isEqualTo("partial");
    }

    @Test
    void aRegionReadInPartResolvesNothingOfTheMissingTypes() {
        store.save(console, demoScan(T0));
        ScanReport noVolumes = edited(demoScan(T0.plusSeconds(3600)),
                f -> !(f.resource().region().equals(US_EAST_1) && f.resource().type() == ResourceType.EBS_VOLUME
                        || f.resource().id().equals("old-promo")),
                List.of(), List.of(new ScanGap(DemoCloud.ACCOUNT.id(), US_EAST_1, Set.of(ResourceType.EBS_VOLUME), "denied")));

        SavedScan saved = store.save(console, noVolumes);

        assertThat(saved.resolved()).isEqualTo(1);
        assertThat(row(OLD_VOLUME).get("status")).isEqualTo("open");
        assertThat(row("old-promo").get("status")).isEqualTo("resolved");
    }

    @Test
    void statusIsKeptWhenSeenAgainAndASnoozeEndsOnItsDate() {
        store.save(console, demoScan(T0));
        setStatus(OLD_VOLUME, "snoozed", T0.plus(Duration.ofDays(7)));
        setStatus("analytics-old", "rejected", null);
        setStatus("old-promo", "approved", null);

        store.save(console, demoScan(T0.plus(Duration.ofDays(3))));
        assertThat(row(OLD_VOLUME).get("status")).isEqualTo("snoozed");
        assertThat(row("analytics-old").get("status")).isEqualTo("rejected");
        assertThat(row("old-promo").get("status")).isEqualTo("approved");

        store.save(console, demoScan(T0.plus(Duration.ofDays(8))));
        assertThat(row(OLD_VOLUME).get("status")).isEqualTo("open");
        assertThat(row(OLD_VOLUME).get("snoozed_until")).isNull();
    }

    @Test
    void anExcludedResourceNeverComesBackWhileTheExclusionStands() {
        Exclusions exclusions = new Exclusions(database);
        long byResource = exclusions.excludeResource(console.id(), DemoCloud.ACCOUNT.id(), OLD_VOLUME, Optional.empty(), "keep it", "U1");
        exclusions.excludeTag(console.id(), "team", Optional.of("fin%"), "finance owns it", "U1");

        SavedScan saved = store.save(console, demoScan(T0));

        assertThat(saved.excluded()).isEqualTo(2);
        assertThat(count("SELECT count(*) FROM findings WHERE resource_id IN ('vol-0e41b7c2d9a3f0101', 'i-0a7c31e2b9d4f5004')")).isZero();

        exclusions.lift(byResource);
        store.save(console, demoScan(T0.plusSeconds(60)));
        assertThat(row(OLD_VOLUME).get("status")).isEqualTo("open");
        assertThat(count("SELECT count(*) FROM findings WHERE resource_id = 'i-0a7c31e2b9d4f5004'")).isZero();
    }

    @Test
    void twoScansStoringAtOnceNeverDuplicateAFinding() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 5; round++) {
                ScanReport a = demoScan(T0.plusSeconds(round * 100L));
                ScanReport b = demoScan(T0.plusSeconds(round * 100L + 1));
                List<Callable<SavedScan>> both = List.of(() -> store.save(console, a), () -> store.save(console, b));
                List<SavedScan> results = new ArrayList<>();
                for (Future<SavedScan> future : threads.invokeAll(both)) {
                    results.add(future.get());
                }
                assertThat(results).extracting(SavedScan::resolved).containsOnly(0);
            }
        } finally {
            threads.shutdownNow();
        }
        assertThat(count("SELECT count(*) FROM findings")).isEqualTo(demoScan(T0).findings().size());
        assertThat(count("SELECT count(*) FROM findings WHERE status <> 'open'")).isZero();
    }
}
