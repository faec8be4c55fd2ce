package io.cloudsweep.adapters.aws;

import io.cloudsweep.adapters.aws.fake.FakeAws;
import io.cloudsweep.engine.demo.DemoCloud;
import io.cloudsweep.engine.model.Cost;
import io.cloudsweep.engine.model.Finding;
import io.cloudsweep.engine.model.Money;
import io.cloudsweep.engine.model.PriceKey;
import io.cloudsweep.engine.model.PriceSource;
import io.cloudsweep.engine.model.Region;
import io.cloudsweep.engine.pricing.PriceBook;
import io.cloudsweep.engine.scan.PriceFetcher;
import io.cloudsweep.engine.scan.ScanReport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Prices the embedded book lacks come from the Pricing API once, then from the cache for a day. */
class PriceRefreshTest {

    @TempDir
    Path dataDir;
    private FakeAws fake;
    private AwsCloud cloud;

    @BeforeEach
    void start() throws IOException {
        fake = FakeAws.start(DemoCloud.at(AwsCloudTest.NOW), DemoCloud.ACCOUNT, AwsCloudTest.NOW)
                .product("AWSELB", Map.of("regionCode", "ap-southeast-2", "productFamily", "Load Balancer",
                        "usagetype", "APS2-DataProcessing-Bytes"), "0.008", "GB")
                .product("AWSELB", Map.of("regionCode", "ap-southeast-2", "productFamily", "Load Balancer",
                        "usagetype", "APS2-LoadBalancerUsage"), "0.0280000000", "Hrs");
        cloud = AwsCloud.connect(AwsOptions.defaults().withEndpoint(fake.endpoint()).withCredentials(AwsCloudTest.KEYS));
    }

    @AfterEach
    void stop() {
        cloud.close();
        fake.close();
    }

    /** A scan asking {@code fetcher} only for missing prices: the refresh of the book's own has its tests below. */
    private ScanReport scanWith(PriceFetcher fetcher) {
        return AwsCloudTest.scanWith(cloud, Optional.of(List.of(Region.of("ap-southeast-2"))), fetcher::fetch);
    }

    private ScanReport refreshingScan(PriceFetcher fetcher, String region) {
        return AwsCloudTest.scanWith(cloud, Optional.of(List.of(Region.of(region))), fetcher);
    }

    private static Finding sydney(ScanReport report) {
        return report.findings().stream().filter(finding -> finding.resource().id().equals("syd-legacy")).findFirst().orElseThrow();
    }

    @Test
    void aMissingPriceIsFetchedAndTravelsWithItsSourceAndDate() {
        ScanReport report = scanWith(cloud.priceFetcher(new FilePriceCache(dataDir.resolve("price-cache.csv"), Clock.systemUTC()), Clock.systemUTC()));

        Finding finding = sydney(report);
        assertThat(finding.monthlyCost()).contains(Money.usd("20.44"));
        PriceSource source = ((Cost.Known) finding.cost()).source();
        assertThat(source.origin()).isEqualTo(PriceSource.PRICING_API);
        assertThat(source.effective()).contains(LocalDate.of(2026, 11, 1));
        assertThat(fake.calls("pricing:GetProducts")).isEqualTo(1);
    }

    @Test
    void aRepeatScanWithinADayAsksNothing() {
        Path cache = dataDir.resolve("price-cache.csv");
        scanWith(cloud.priceFetcher(new FilePriceCache(cache, Clock.systemUTC()), Clock.systemUTC()));

        ScanReport again = scanWith(cloud.priceFetcher(new FilePriceCache(cache, Clock.systemUTC()), Clock.systemUTC()));

        assertThat(sydney(again).monthlyCost()).contains(Money.usd("20.44"));
        assertThat(fake.calls("pricing:GetProducts")).isEqualTo(1);
        assertThat(cache).exists();
    }

    @Test
    void aDayLaterThePriceIsAskedForAgain() {
        Path cache = dataDir.resolve("price-cache.csv");
        scanWith(cloud.priceFetcher(new FilePriceCache(cache, Clock.systemUTC()), Clock.systemUTC()));

        Clock tomorrow = Clock.offset(Clock.systemUTC(), Duration.ofHours(25));
        scanWith(cloud.priceFetcher(new FilePriceCache(cache, tomorrow), tomorrow));

        assertThat(fake.calls("pricing:GetProducts")).isEqualTo(2);
    }

    @Test
    void aPriceAwsDoesNotHaveStaysUnknownAndIsNotAskedForAgainToday() {
        Path cache = dataDir.resolve("price-cache.csv");
        PriceKey absent = new PriceKey("ec2", "ap-southeast-2", "x9.metal");

        PriceBook first = cloud.priceFetcher(new FilePriceCache(cache, Clock.systemUTC()), Clock.systemUTC()).fetch(Set.of(absent));
        PriceBook second = cloud.priceFetcher(new FilePriceCache(cache, Clock.systemUTC()), Clock.systemUTC()).fetch(Set.of(absent));

        assertThat(first.size()).isZero();
        assertThat(second.size()).isZero();
        assertThat(fake.calls("pricing:GetProducts")).isEqualTo(1);
    }

    @Test
    void throughputIsListedPerGibpsAndBookedPerMibps() {
        fake.product("AmazonEC2", Map.of("regionCode", "sa-east-1", "productFamily", "Provisioned Throughput", "volumeApiName", "gp3",
                "usagetype", "SAE1-EBS:VolumeP-Throughput.gp3"), "61.44", "GiBps-mo");
        PriceKey key = new PriceKey("ebs", "sa-east-1", "gp3_throughput_above_125");

        PriceBook found = cloud.priceFetcher(new FilePriceCache(dataDir.resolve("price-cache.csv"), Clock.systemUTC()), Clock.systemUTC()).fetch(Set.of(key));

        assertThat(found.find(key.service(), Region.of(key.region()), key.item()).orElseThrow().usd()).isEqualByComparingTo(new BigDecimal("0.06"));
    }

    @Test
    void aNatGatewaysHourIsTheZonalGatewaysNotTheRegionalOnes() {
        fake.product("AmazonEC2", Map.of("regionCode", "sa-east-1", "productFamily", "NAT Gateway",
                "usagetype", "SAE1-RegionalNatGateway-Hours"), "0.999", "Hrs");
        fake.product("AmazonEC2", Map.of("regionCode", "sa-east-1", "productFamily", "NAT Gateway",
                "usagetype", "SAE1-NatGateway-Hours"), "0.093", "Hrs");
        PriceKey key = new PriceKey("vpc", "sa-east-1", "nat_gateway_hour");

        PriceBook found = cloud.priceFetcher(new FilePriceCache(dataDir.resolve("price-cache.csv"), Clock.systemUTC()), Clock.systemUTC()).fetch(Set.of(key));

        assertThat(found.find(key.service(), Region.of(key.region()), key.item()).orElseThrow().usd()).isEqualByComparingTo(new BigDecimal("0.093"));
    }

    private static Finding unattached(ScanReport report) {
        return report.findings().stream().filter(finding -> finding.resource().id().equals("vol-0e41b7c2d9a3f0101")).findFirst().orElseThrow();
    }

    @Test
    void theBooksPricesAScanUsesAreRefreshedOnceADayAndTheLastGoodOneKeptWhenAskingFails() {
        fake.product("AmazonEC2", Map.of("regionCode", "us-east-1", "productFamily", "Storage", "volumeApiName", "gp2",
                "usagetype", "EBS:VolumeUsage.gp2"), "0.11", "GB-Mo");
        Path cache = dataDir.resolve("price-cache.csv");

        ScanReport first = refreshingScan(cloud.priceFetcher(new FilePriceCache(cache, Clock.systemUTC()), Clock.systemUTC()), "us-east-1");
        int askedFirst = fake.calls("pricing:GetProducts");
        ScanReport sameDay = refreshingScan(cloud.priceFetcher(new FilePriceCache(cache, Clock.systemUTC()), Clock.systemUTC()), "us-east-1");
        int askedSameDay = fake.calls("pricing:GetProducts") - askedFirst;
        fake.fail("us-east-1", "pricing:GetProducts", 503, "ServiceUnavailable");
        Clock tomorrow = Clock.offset(Clock.systemUTC(), Duration.ofHours(25));
        ScanReport nextDayFailing = refreshingScan(cloud.priceFetcher(new FilePriceCache(cache, tomorrow), tomorrow), "us-east-1");

        assertThat(unattached(first).monthlyCost()).as("100 GiB of gp2 at the Pricing API's $0.11, not the book's $0.10").contains(Money.usd("11.00"));
        assertThat(((Cost.Known) unattached(first).cost()).source().origin()).isEqualTo(PriceSource.PRICING_API);
        assertThat(askedFirst).as("one question per price the region's costs used").isGreaterThan(1);
        assertThat(askedSameDay).as("the same day, the cache answers").isZero();
        assertThat(unattached(sameDay).monthlyCost()).contains(Money.usd("11.00"));
        assertThat(unattached(nextDayFailing).monthlyCost()).as("asking failed: the last good price stands").contains(Money.usd("11.00"));
    }

    @Test
    void deniedAccessToPricingIsSaidNotHidden() {
        fake.fail("us-east-1", "pricing:GetProducts", 400, "AccessDeniedException");

        ScanReport report = scanWith(cloud.priceFetcher(new FilePriceCache(dataDir.resolve("price-cache.csv"), Clock.systemUTC()), Clock.systemUTC()));

        assertThat(sydney(report).monthlyCost()).isEmpty();
        assertThat(report.diagnostics()).anySatisfy(diagnostic ->
                assertThat(diagnostic.detail()).contains("price refresh failed").contains("access denied to pricing:GetProducts"));
    }

}
