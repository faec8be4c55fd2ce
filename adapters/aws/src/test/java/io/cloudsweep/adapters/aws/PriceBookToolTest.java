package io.cloudsweep.adapters.aws;

import io.cloudsweep.engine.model.PriceKey;
import io.cloudsweep.engine.model.PriceSource;
import io.cloudsweep.engine.model.Region;
import io.cloudsweep.engine.pricing.PriceBook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;

/** The book is rebuilt from AWS's offer files: each price with its file, publication, SKU and date; the rest said missing. */
class PriceBookToolTest {

    @TempDir
    Path offers;

    /** An offer file as AWS publishes it: products, then terms, the on-demand and reserved ones. */
    private static String offerFile(String offerCode, String publication, String... skus) {
        StringBuilder products = new StringBuilder();
        StringBuilder onDemand = new StringBuilder();
        for (String sku : skus) {
            String[] parts = sku.split("\\|"); // sku|productFamily|attributes json|usd|unit
            products.append(products.length() == 0 ? "" : ",").append("""
                    "%s": {"sku": "%s", "productFamily": "%s", "attributes": %s}""".formatted(parts[0], parts[0], parts[1], parts[2]));
            onDemand.append(onDemand.length() == 0 ? "" : ",").append("""
                    "%s": {"%s.JRTCKXETXF": {"offerTermCode": "JRTCKXETXF", "sku": "%s", "effectiveDate": "2026-11-01T00:00:00Z",
                      "priceDimensions": {"%s.JRTCKXETXF.6YS6EN2CT7": {"unit": "%s", "pricePerUnit": {"USD": "%s"}}}}}"""
                    .formatted(parts[0], parts[0], parts[0], parts[0], parts[4], parts[3]));
        }
        return """
                {"formatVersion": "v1.0", "offerCode": "%s", "version": "20261101", "publicationDate": "%s",
                 "products": {%s},
                 "terms": {"Reserved": {"X": {"X.Y": {"priceDimensions": {}}}}, "OnDemand": {%s}}}"""
                .formatted(offerCode, publication, products, onDemand);
    }

    private String build() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PriceBookTool.write(offers, PriceBook.embedded(), LocalDate.of(2026, 12, 6), new PrintStream(out, true, StandardCharsets.UTF_8));
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void eachPriceTheFilesGiveIsWrittenWithItsSourceAndTheRestIsDeclaredMissing() throws IOException {
        Files.writeString(offers.resolve("AWSELB-ap-south-1.json"), offerFile("AWSELB", "2026-11-20T10:00:00Z",
                "NLBSKU1|Load Balancer-Network|{\"regionCode\": \"ap-south-1\", \"usagetype\": \"APS3-LoadBalancerUsage\"}|0.0239|Hrs",
                "NLBLCU|Load Balancer-Network|{\"regionCode\": \"ap-south-1\", \"usagetype\": \"APS3-LCUUsage\"}|0.006|LCU-Hrs",
                "CLBSKU1|Load Balancer|{\"regionCode\": \"ap-south-1\", \"usagetype\": \"APS3-LoadBalancerUsage\"}|0.0266|Hrs"));
        Files.writeString(offers.resolve("AmazonEC2-ap-south-1.json"), offerFile("AmazonEC2", "2026-11-21T10:00:00Z",
                "GP2SKU|Storage|{\"regionCode\": \"ap-south-1\", \"volumeApiName\": \"gp2\", \"usagetype\": \"APS3-EBS:VolumeUsage.gp2\"}|0.114|GB-Mo",
                "OTHER|Storage|{\"regionCode\": \"eu-west-1\", \"volumeApiName\": \"gp2\"}|0.11|GB-Mo"));

        String written = build();
        PriceBook book = PriceBook.parse(new StringReader(written), PriceSource.EMBEDDED);

        PriceBook.Price nlb = book.find("elb", Region.of("ap-south-1"), "nlb_hour").orElseThrow();
        assertThat(nlb.usd()).isEqualByComparingTo(new BigDecimal("0.0239"));
        assertThat(nlb.source().effective()).contains(LocalDate.of(2026, 11, 1));
        assertThat(nlb.source().citation()).isEqualTo("AWS price list offer file AWSELB-ap-south-1.json published 2026-11-20T10:00:00Z sku NLBSKU1");
        assertThat(book.find("elb", Region.of("ap-south-1"), "clb_hour").orElseThrow().usd()).isEqualByComparingTo(new BigDecimal("0.0266"));
        assertThat(book.find("ebs", Region.of("ap-south-1"), "gp2_storage").orElseThrow().usd()).isEqualByComparingTo(new BigDecimal("0.114"));
        assertThat(book.find("ebs", Region.of("eu-west-1"), "gp2_storage")).as("no file for eu-west-1 was given").isEmpty();
        assertThat(book.declaredMissing()).contains(new PriceKey("ebs", "eu-west-1", "gp2_storage"), new PriceKey("elb", "sa-east-1", "nlb_hour"),
                new PriceKey("vpc", "us-east-1", "nat_gateway_hour"))
                .doesNotContain(new PriceKey("elb", "ap-south-1", "nlb_hour"));
        assertThat(book.declaredMissing()).as("asked for every instance type the book prices, in every default region")
                .contains(new PriceKey("ec2", "sa-east-1", "t2.large"));
    }

    @Test
    void io2TiersNatGatewaysAndPublicIpv4AreEachTheirOwnUsageType() throws IOException {
        Files.writeString(offers.resolve("AmazonEC2-sa-east-1.json"), offerFile("AmazonEC2", "2026-11-21T10:00:00Z",
                "IO2T2|System Operation|{\"regionCode\": \"sa-east-1\", \"volumeApiName\": \"io2\", \"usagetype\": \"SAE1-EBS:VolumeP-IOPS.io2.tier2\"}|0.0798|IOPS-Mo",
                "IO2T3|System Operation|{\"regionCode\": \"sa-east-1\", \"volumeApiName\": \"io2\", \"usagetype\": \"SAE1-EBS:VolumeP-IOPS.io2.tier3\"}|0.0559|IOPS-Mo",
                "IO2T1|System Operation|{\"regionCode\": \"sa-east-1\", \"volumeApiName\": \"io2\", \"usagetype\": \"SAE1-EBS:VolumeP-IOPS.io2\"}|0.114|IOPS-Mo",
                // a regional NAT gateway is priced apart from the zonal one the rule sees
                "RNAT|NAT Gateway|{\"regionCode\": \"sa-east-1\", \"usagetype\": \"SAE1-RegionalNatGateway-Hours\"}|0.999|Hrs",
                "NATB|NAT Gateway|{\"regionCode\": \"sa-east-1\", \"usagetype\": \"SAE1-NatGateway-Bytes\"}|0.093|GB",
                "NATH|NAT Gateway|{\"regionCode\": \"sa-east-1\", \"usagetype\": \"SAE1-NatGateway-Hours\"}|0.093|Hrs"));
        Files.writeString(offers.resolve("AmazonVPC-sa-east-1.json"), offerFile("AmazonVPC", "2026-11-22T10:00:00Z",
                "INUSE||{\"regionCode\": \"sa-east-1\", \"usagetype\": \"SAE1-PublicIPv4:InUseAddress\"}|0.006|Hrs",
                "IDLE||{\"regionCode\": \"sa-east-1\", \"usagetype\": \"SAE1-PublicIPv4:IdleAddress\"}|0.007|Hrs"));

        PriceBook book = PriceBook.parse(new StringReader(build()), PriceSource.EMBEDDED);

        Region saoPaulo = Region.of("sa-east-1");
        assertThat(book.find("ebs", saoPaulo, "io2_iops_tier1_up_to_32000").orElseThrow().usd()).isEqualByComparingTo(new BigDecimal("0.114"));
        assertThat(book.find("ebs", saoPaulo, "io2_iops_tier2_32001_to_64000").orElseThrow().usd()).isEqualByComparingTo(new BigDecimal("0.0798"));
        assertThat(book.find("ebs", saoPaulo, "io2_iops_tier3_above_64000").orElseThrow().usd()).isEqualByComparingTo(new BigDecimal("0.0559"));
        PriceBook.Price nat = book.find("vpc", saoPaulo, "nat_gateway_hour").orElseThrow();
        assertThat(nat.usd()).isEqualByComparingTo(new BigDecimal("0.093"));
        assertThat(nat.source().citation()).endsWith("sku NATH");
        PriceBook.Price idle = book.find("vpc", saoPaulo, "public_ipv4_idle").orElseThrow();
        assertThat(idle.usd()).isEqualByComparingTo(new BigDecimal("0.007"));
        assertThat(idle.source().citation()).isEqualTo("AWS price list offer file AmazonVPC-sa-east-1.json published 2026-11-22T10:00:00Z sku IDLE");
        assertThat(book.declaredMissing()).doesNotContain(new PriceKey("vpc", "sa-east-1", "public_ipv4_idle"),
                new PriceKey("ebs", "sa-east-1", "io2_iops_tier1_up_to_32000"));
    }
}
