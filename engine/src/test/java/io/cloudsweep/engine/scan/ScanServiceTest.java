package io.cloudsweep.engine.scan;

import io.cloudsweep.engine.approval.RiskPolicy;
import io.cloudsweep.engine.config.Settings;
import io.cloudsweep.engine.demo.DemoCloud;
import io.cloudsweep.engine.model.Account;
import io.cloudsweep.engine.model.Cost;
import io.cloudsweep.engine.model.Finding;
import io.cloudsweep.engine.model.MetricData;
import io.cloudsweep.engine.model.MetricQuery;
import io.cloudsweep.engine.model.Money;
import io.cloudsweep.engine.model.PriceKey;
import io.cloudsweep.engine.model.PriceSource;
import io.cloudsweep.engine.model.Region;
import io.cloudsweep.engine.model.RegionInventory;
import io.cloudsweep.engine.pricing.PriceBook;
import io.cloudsweep.engine.pricing.Pricer;
import io.cloudsweep.engine.rules.Protection;
import io.cloudsweep.engine.rules.RuleSet;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ScanServiceTest {

    private static final Instant NOW = Instant.parse("2026-06-15T12:00:00Z");
    private static final Region US_EAST_1 = Region.of("us-east-1");
    private static final Region EU_WEST_1 = Region.of("eu-west-1");
    private static final Region AP_SOUTHEAST_2 = Region.of("ap-southeast-2");

    /** The demo cloud, with regions that can be made to fail and a record of the metric calls. */
    static final class RecordingCloud implements CloudInventory {
        private final DemoCloud demo = DemoCloud.at(NOW);
        private final List<Region> failing = new ArrayList<>();
        private final Map<Region, AtomicInteger> metricCalls = new ConcurrentHashMap<>();
        private final List<MetricQuery> queries = Collections.synchronizedList(new ArrayList<>());
        private final Set<Integer> readingPriorities = ConcurrentHashMap.newKeySet();
        private boolean regionsUnavailable;
        private final List<String> unreachable = new ArrayList<>();

        @Override
        public List<Region> enabledRegions(Account account) {
            if (regionsUnavailable) {
                throw new InventoryException("no credentials: set AWS_PROFILE or pass --profile");
            }
            if (unreachable.contains(account.id())) {
                throw new InventoryException("the role cannot be assumed");
            }
            return demo.enabledRegions(account);
        }

        @Override
        public RegionInventory describe(Account account, Region region) {
            readingPriorities.add(Thread.currentThread().getPriority());
            if (failing.contains(region)) {
                throw new InventoryException("access denied: ec2:DescribeVolumes");
            }
            return demo.describe(account, region);
        }

        @Override
        public MetricData metrics(Account account, Region region, List<MetricQuery> asked, Instant now) {
            metricCalls.computeIfAbsent(region, r -> new AtomicInteger()).incrementAndGet();
            queries.addAll(asked);
            return demo.metrics(account, region, asked, now);
        }
    }

    private final RecordingCloud cloud = new RecordingCloud();

    private ScanService service() {
        return new ScanService(cloud, RuleSet.standard(Settings.empty()), new Pricer(PriceBook.embedded()),
                new RiskPolicy(RiskPolicy.Parameters.defaults()), Protection.from(Settings.empty()), Clock.fixed(NOW, ZoneOffset.UTC), 4);
    }

    private ScanReport scanAll() {
        return service().scan(ScanRequest.allRegions(List.of(DemoCloud.ACCOUNT), "test"), ScanListener.NONE);
    }

    @Test
    void regionsAreReadBelowTheThreadsThatAcknowledgeRequests() {
        ScanReport report = scanAll();

        assertThat(report.resourcesScanned()).isPositive();
        assertThat(cloud.readingPriorities).containsExactly(Thread.MIN_PRIORITY);
    }

    @Test
    void aFailingRegionIsReportedAndTheOthersStillYieldFindings() {
        cloud.failing.add(EU_WEST_1);

        ScanReport report = scanAll();

        assertThat(report.failedRegions()).containsExactly(
                new FailedRegion(DemoCloud.ACCOUNT.id(), EU_WEST_1, "access denied: ec2:DescribeVolumes"));
        assertThat(report.regions()).containsExactlyInAnyOrder(US_EAST_1, EU_WEST_1, AP_SOUTHEAST_2);
        assertThat(report.findings()).isNotEmpty().noneMatch(finding -> finding.resource().region().equals(EU_WEST_1));
        assertThat(report.findings()).anyMatch(finding -> finding.resource().region().equals(AP_SOUTHEAST_2));
    }

    @Test
    void ofSeveralAccountsOneThatCannotBeReachedIsReportedAndTheOthersAreScanned() {
        Account gone = new Account("111122223333", "gone");
        cloud.unreachable.add(gone.id());

        ScanReport report = service().scan(ScanRequest.allRegions(List.of(gone, DemoCloud.ACCOUNT), "test"), ScanListener.NONE);

        assertThat(report.failedAccounts()).containsExactly(new ScanReport.FailedAccount(gone.id(), "the role cannot be assumed"));
        assertThat(report.accountFailed(gone.id())).isTrue();
        assertThat(report.accountFailed(DemoCloud.ACCOUNT.id())).isFalse();
        assertThat(report.findings()).isNotEmpty().allMatch(finding -> finding.resource().accountId().equals(DemoCloud.ACCOUNT.id()));
        assertThat(report.failedRegions()).isEmpty();
    }

    @Test
    void anAccountWhoseRegionsCannotBeListedFailsTheScan() {
        cloud.regionsUnavailable = true;

        assertThatThrownBy(this::scanAll).isInstanceOf(InventoryException.class).hasMessageContaining("no credentials");
    }

    @Test
    void fetchesMetricsOnceAPerRegionAndOnlyForResourcesTheRulesCanJudge() {
        scanAll();

        assertThat(cloud.metricCalls).containsOnlyKeys(US_EAST_1, EU_WEST_1, AP_SOUTHEAST_2);
        assertThat(cloud.metricCalls.values()).allSatisfy(calls -> assertThat(calls.get()).isEqualTo(1));
        // Too young to judge, stopped, or protected: no metrics asked.
        assertThat(cloud.queries).extracting(query -> query.resource().id())
                .doesNotContain("i-0a7c31e2b9d4f5005", "i-0a7c31e2b9d4f5002", "i-0e6a8c0e2b4d52003", "new-db", "old-promo");
    }

    @Test
    void protectedResourcesNeverBecomeFindings() {
        ScanReport report = scanAll();

        assertThat(report.findings()).extracting(finding -> finding.resource().id())
                .doesNotContain("vol-0e41b7c2d9a3f0110", "i-0e6a8c0e2b4d52003");
    }

    @Test
    void listsFindingsMostExpensiveFirstAndUnknownCostsLast() {
        List<Finding> findings = scanAll().findings();

        List<Money> known = findings.stream().flatMap(finding -> finding.monthlyCost().stream()).toList();
        assertThat(known).isSortedAccordingTo(Collections.reverseOrder());
        assertThat(findings.get(findings.size() - 1).monthlyCost()).isEmpty();
    }

    @Test
    void minimumMonthlyCostDropsSmallFindingsButKeepsUnknownOnes() {
        ScanRequest request = new ScanRequest(List.of(DemoCloud.ACCOUNT), Optional.empty(), Money.usd("20"), "test");

        ScanReport report = service().scan(request, ScanListener.NONE);

        assertThat(report.findings()).allSatisfy(finding ->
                assertThat(finding.monthlyCost().map(cost -> cost.compareTo(Money.usd("20")) >= 0).orElse(true)).isTrue());
        assertThat(report.findings()).anyMatch(finding -> finding.monthlyCost().isEmpty());
        assertThat(report.findings()).hasSizeLessThan(scanAll().findings().size());
    }

    @Test
    void scansOnlyTheRegionsAsked() {
        ScanRequest request = new ScanRequest(List.of(DemoCloud.ACCOUNT), Optional.of(List.of(AP_SOUTHEAST_2)), Money.ZERO, "test");

        ScanReport report = service().scan(request, ScanListener.NONE);

        assertThat(report.regions()).containsExactly(AP_SOUTHEAST_2);
        assertThat(report.findings()).isNotEmpty().allMatch(finding -> finding.resource().region().equals(AP_SOUTHEAST_2));
        assertThat(cloud.metricCalls).containsOnlyKeys(AP_SOUTHEAST_2);
    }

    @Test
    void reportsProgressRegionByRegionEndingWithTheTotals() {
        List<ScanProgress> progress = Collections.synchronizedList(new ArrayList<>());

        ScanReport report = service().scan(ScanRequest.allRegions(List.of(DemoCloud.ACCOUNT), "test"), progress::add);

        assertThat(progress).extracting(ScanProgress::regionsDone).containsExactly(1, 2, 3);
        ScanProgress last = progress.get(2);
        assertThat(last.regionsTotal()).isEqualTo(3);
        assertThat(last.resourcesSeen()).isEqualTo(report.resourcesScanned());
        assertThat(last.findings()).isEqualTo(report.findings().size());
        assertThat(last.monthlyCost()).isEqualTo(report.totals().monthly());
    }

    @Test
    void pricesTheBookLacksAreFetchedOnceAndTheRegionJudgedAgain() {
        List<Set<PriceKey>> asked = Collections.synchronizedList(new ArrayList<>());
        PriceSource api = new PriceSource(PriceSource.PRICING_API, "pricing:GetProducts AWSELB", Optional.of(LocalDate.of(2026, 11, 1)));
        PriceFetcher fetcher = keys -> {
            asked.add(keys);
            return PriceBook.of("fetched", Map.of(new PriceKey("elb", "ap-southeast-2", "clb_hour"),
                    new PriceBook.Price(new BigDecimal("0.028"), "LCU-hour", api)));
        };

        ScanReport report = service().withPriceFetcher(fetcher).scan(ScanRequest.allRegions(List.of(DemoCloud.ACCOUNT), "test"),
                ScanListener.NONE);

        assertThat(asked).containsExactly(Set.of(new PriceKey("elb", "ap-southeast-2", "clb_hour")));
        Finding sydney = report.findings().stream().filter(finding -> finding.resource().id().equals("syd-legacy")).findFirst().orElseThrow();
        assertThat(sydney.monthlyCost()).contains(Money.usd("20.44"));
        assertThat(((Cost.Known) sydney.cost()).source().origin()).isEqualTo(PriceSource.PRICING_API);
        assertThat(report.totals().unknownCost()).isZero();
    }

    @Test
    void aFailedPriceRefreshLeavesTheCostUnknownAndSaysWhy() {
        PriceFetcher failing = keys -> {
            throw new InventoryException("access denied to pricing:GetProducts");
        };

        ScanReport report = service().withPriceFetcher(failing).scan(ScanRequest.allRegions(List.of(DemoCloud.ACCOUNT), "test"),
                ScanListener.NONE);

        assertThat(report.totals().unknownCost()).isEqualTo(1);
        assertThat(report.diagnostics()).anySatisfy(diagnostic -> {
            assertThat(diagnostic.resource().id()).isEqualTo("syd-legacy");
            assertThat(diagnostic.detail()).isEqualTo("price refresh failed: access denied to pricing:GetProducts");
        });
    }

    /** A fetcher that refreshes the gp2 storage price of us-east-1 to {@code usd}, and remembers what it was asked. */
    private static class Refreshing implements PriceFetcher {
        final List<Set<PriceKey>> refreshed = new java.util.concurrent.CopyOnWriteArrayList<>();
        private final String usd;

        Refreshing(String usd) {
            this.usd = usd;
        }

        @Override
        public PriceBook fetch(Set<PriceKey> keys) {
            return PriceBook.of("none", Map.of());
        }

        @Override
        public PriceBook refresh(Set<PriceKey> keys) {
            refreshed.add(keys);
            PriceKey gp2 = new PriceKey("ebs", "us-east-1", "gp2_storage");
            PriceSource api = new PriceSource(PriceSource.PRICING_API, "pricing:GetProducts AmazonEC2", Optional.of(LocalDate.of(2026, 12, 1)));
            return keys.contains(gp2) ? PriceBook.of("fresh", Map.of(gp2, new PriceBook.Price(new BigDecimal(usd), "GB-month", api)))
                    : PriceBook.of("fresh", Map.of());
        }
    }

    @Test
    void thePricesACostRestsOnAreRefreshedAndTheRegionJudgedWithTheFreshOnes() {
        Refreshing fetcher = new Refreshing("0.12");

        ScanReport report = service().withPriceFetcher(fetcher).scan(ScanRequest.allRegions(List.of(DemoCloud.ACCOUNT), "test"),
                ScanListener.NONE);

        assertThat(fetcher.refreshed).anySatisfy(keys -> assertThat(keys).contains(new PriceKey("ebs", "us-east-1", "gp2_storage"),
                new PriceKey("ec2", "us-east-1", "m5.xlarge")).doesNotContain(new PriceKey("ec2", "us-east-1", "x9.metal")));
        Finding unattached = report.findings().stream().filter(finding -> finding.resource().id().equals("vol-0e41b7c2d9a3f0101"))
                .findFirst().orElseThrow();
        assertThat(unattached.monthlyCost()).as("100 GiB of gp2 at the fresh $0.12, not the book's $0.10").contains(Money.usd("12.00"));
        assertThat(((Cost.Known) unattached.cost()).source().origin()).isEqualTo(PriceSource.PRICING_API);
        assertThat(((Cost.Known) unattached.cost()).source().effective()).contains(LocalDate.of(2026, 12, 1));
    }

    @Test
    void whenTheRefreshFailsTheBooksPricesStand() {
        PriceFetcher failing = new Refreshing("0.12") {
            @Override
            public PriceBook refresh(Set<PriceKey> keys) {
                throw new InventoryException("pricing:GetProducts kept throttling");
            }
        };

        ScanReport report = service().withPriceFetcher(failing).scan(ScanRequest.allRegions(List.of(DemoCloud.ACCOUNT), "test"),
                ScanListener.NONE);

        assertThat(report.findings()).filteredOn(finding -> finding.resource().id().equals("vol-0e41b7c2d9a3f0101")).singleElement()
                .satisfies(finding -> assertThat(finding.monthlyCost()).contains(Money.usd("10.00")));
    }

    @Test
    void insufficientDataBecomesADiagnosticNotAFinding() {
        ScanReport report = scanAll();

        assertThat(report.diagnostics()).singleElement().satisfies(diagnostic -> {
            assertThat(diagnostic.ruleId()).isEqualTo("ec2-idle");
            assertThat(diagnostic.resource().id()).isEqualTo("i-0a7c31e2b9d4f5007");
            assertThat(diagnostic.detail()).contains("insufficient data");
        });
        assertThat(report.findings()).noneMatch(finding -> finding.resource().id().equals("i-0a7c31e2b9d4f5007"));
    }
}
