package io.cloudsweep.engine.pricing;

import io.cloudsweep.engine.model.PriceSource;
import io.cloudsweep.engine.model.Region;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.StringReader;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PriceBookTest {

    private static final PriceBook BOOK = PriceBook.embedded();

    /** The 17 regions every AWS account has enabled by default. */
    static final List<String> DEFAULT_REGIONS = List.of("us-east-1", "us-east-2", "us-west-1", "us-west-2", "ca-central-1",
            "eu-west-1", "eu-west-2", "eu-west-3", "eu-central-1", "eu-north-1", "ap-south-1", "ap-northeast-1",
            "ap-northeast-2", "ap-northeast-3", "ap-southeast-1", "ap-southeast-2", "sa-east-1");

    private static final List<String> EBS_ITEMS_EVERY_PRICED_REGION_HAS = List.of("gp2_storage", "gp3_storage",
            "gp3_iops_above_3000", "gp3_throughput_above_125", "io1_storage", "io1_iops", "st1_storage", "sc1_storage",
            "standard_magnetic_storage", "snapshot_standard");

    @Test
    void everyRegionWithEbsPricesHasEveryVolumeTypeItClaims() {
        Set<String> regions = BOOK.regionsPricing("ebs", "gp2_storage");
        assertThat(regions).hasSizeGreaterThanOrEqualTo(14).contains("us-east-1", "eu-west-1", "ap-southeast-2");
        for (String region : regions) {
            for (String item : EBS_ITEMS_EVERY_PRICED_REGION_HAS) {
                assertThat(BOOK.find("ebs", Region.of(region), item)).as(item + " in " + region).isPresent();
            }
            if (BOOK.find("ebs", Region.of(region), "io2_storage").isPresent()) {
                for (String tier : List.of("io2_iops_tier1_up_to_32000", "io2_iops_tier2_32001_to_64000", "io2_iops_tier3_above_64000")) {
                    assertThat(BOOK.find("ebs", Region.of(region), tier)).as(tier + " in " + region).isPresent();
                }
            }
        }
    }

    @Test
    void applicationLoadBalancerHoursArePricedInAllDefaultRegions() {
        assertThat(BOOK.regionsPricing("elb", "alb_hour")).containsAll(DEFAULT_REGIONS);
    }

    @ParameterizedTest
    @ValueSource(strings = {"us-east-1", "eu-central-1", "sa-east-1", "ap-northeast-3"})
    void publicIpv4HasOnePriceEverywhere(String region) {
        assertThat(BOOK.find("vpc", Region.of(region), "public_ipv4_idle")).hasValueSatisfying(price ->
                assertThat(price.usd()).isEqualByComparingTo("0.005"));
    }

    @Test
    void commonInstanceTypesArePricedInTheMainRegions() {
        for (String region : List.of("us-east-1", "us-east-2", "us-west-2", "eu-west-1", "eu-central-1", "ap-southeast-2", "ap-northeast-1")) {
            for (String type : List.of("t3.micro", "t3.medium", "m5.large", "m6i.large", "c5.large", "r5.large", "m6g.large", "t4g.small")) {
                assertThat(BOOK.find("ec2", Region.of(region), type)).as(type + " in " + region).isPresent();
            }
            for (String item : List.of("postgresql/db.t3.medium/single-az", "mysql/db.m5.large/single-az", "postgresql/gp2_storage/single-az")) {
                assertThat(BOOK.find("rds", Region.of(region), item)).as(item + " in " + region).isPresent();
            }
        }
    }

    @Test
    void everyPriceCarriesItsSourceAndAPlausibleDate() throws IOException {
        assertThat(BOOK.size()).isGreaterThan(2000);
        assertThat(BOOK.version()).matches("\\d{4}\\.\\d{2}\\.\\d{2}");
        PriceBook.Price gp2 = BOOK.find("ebs", Region.of("us-east-1"), "gp2_storage").orElseThrow();
        assertThat(gp2.usd()).isEqualByComparingTo("0.10");
        assertThat(gp2.source().origin()).isEqualTo(PriceSource.EMBEDDED);
        assertThat(gp2.source().citation()).isNotBlank();
        assertThat(gp2.source().effective()).contains(LocalDate.of(2023, 2, 20));
    }

    @Test
    void aRegionWithoutItsOwnPriceHasNone() {
        assertThat(BOOK.find("ebs", Region.of("sa-east-1"), "gp2_storage")).isEmpty();
        assertThat(BOOK.find("elb", Region.of("ap-southeast-2"), "clb_hour")).isEmpty();
    }

    @Test
    void newerPricesWinInAnOverlay() throws IOException {
        PriceBook fetched = PriceBook.parse(new StringReader("""
                # version: fetched
                service,region,item,usd,unit,effective,source
                ebs,sa-east-1,gp2_storage,0.19,GB-month,2026-11-01,pricing:GetProducts
                ebs,us-east-1,gp2_storage,0.09,GB-month,2026-11-01,pricing:GetProducts
                """), PriceSource.PRICING_API);

        PriceBook merged = BOOK.overlay(fetched);

        assertThat(merged.find("ebs", Region.of("sa-east-1"), "gp2_storage").orElseThrow().usd()).isEqualByComparingTo("0.19");
        assertThat(merged.find("ebs", Region.of("us-east-1"), "gp2_storage").orElseThrow().source().origin()).isEqualTo(PriceSource.PRICING_API);
        assertThat(merged.find("ebs", Region.of("eu-west-1"), "gp2_storage").orElseThrow().usd()).isEqualByComparingTo(new BigDecimal("0.11"));
    }

    @Test
    void malformedFilesAreRefusedNamingTheLine() {
        String header = "service,region,item,usd,unit,effective,source\n";
        assertThatThrownBy(() -> PriceBook.parse(new StringReader("region,usd\n"), PriceSource.EMBEDDED))
                .hasMessageContaining("line 1").hasMessageContaining("header");
        assertThatThrownBy(() -> PriceBook.parse(new StringReader(header + "ebs,us-east-1,gp2_storage,-1,GB-month,,x\n"), PriceSource.EMBEDDED))
                .hasMessageContaining("line 2").hasMessageContaining("negative");
        assertThatThrownBy(() -> PriceBook.parse(new StringReader(header + "ebs,us-east-1,gp2_storage,abc,GB-month,,x\n"), PriceSource.EMBEDDED))
                .hasMessageContaining("line 2");
        assertThatThrownBy(() -> PriceBook.parse(new StringReader(header
                + "ebs,us-east-1,gp2_storage,0.1,GB-month,,x\nebs,us-east-1,gp2_storage,0.1,GB-month,,y\n"), PriceSource.EMBEDDED))
                .hasMessageContaining("line 3").hasMessageContaining("second price");
    }
}
