package io.cloudsweep.engine.demo;

import io.cloudsweep.engine.approval.RiskPolicy;
import io.cloudsweep.engine.config.Settings;
import io.cloudsweep.engine.model.Finding;
import io.cloudsweep.engine.model.Money;
import io.cloudsweep.engine.model.Resource;
import io.cloudsweep.engine.pricing.PriceBook;
import io.cloudsweep.engine.pricing.Pricer;
import io.cloudsweep.engine.rules.Protection;
import io.cloudsweep.engine.rules.RuleSet;
import io.cloudsweep.engine.scan.ScanListener;
import io.cloudsweep.engine.scan.ScanReport;
import io.cloudsweep.engine.scan.ScanRequest;
import io.cloudsweep.engine.scan.ScanService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The demo finds what the README says it finds, and nothing else, whatever day it runs. */
class DemoCloudTest {

    /** resource id -> the rule that must flag it; the README's table lists the same. */
    static final Map<String, String> EXPECTED = Map.ofEntries(
            Map.entry("vol-0e41b7c2d9a3f0102", "ebs-unattached"),
            Map.entry("vol-0e41b7c2d9a3f0101", "ebs-unattached"),
            Map.entry("vol-0f52c8d3e0b4a1102", "ebs-unattached"),
            Map.entry("vol-0a63d9e4f1c5b2101", "ebs-unattached"),
            Map.entry("vol-0e41b7c2d9a3f0104", "ebs-gp2-to-gp3"),
            Map.entry("vol-0f52c8d3e0b4a1101", "ebs-gp2-to-gp3"),
            Map.entry("vol-0a63d9e4f1c5b2103", "ebs-gp2-to-gp3"),
            Map.entry("vol-0e41b7c2d9a3f0111", "ebs-low-io"),
            Map.entry("vol-0f52c8d3e0b4a1105", "ebs-io1-to-gp3"),
            Map.entry("vol-0e41b7c2d9a3f0113", "ebs-io1-to-gp3"),
            Map.entry("snap-03f9a1c5e7b2d0201", "ebs-snapshot-old"),
            Map.entry("snap-03f9a1c5e7b2d0202", "ebs-snapshot-old"),
            Map.entry("snap-05a7c9e1b3d5f1201", "ebs-snapshot-old"),
            Map.entry("snap-07c9e1a3b5d7f2201", "ebs-snapshot-old"),
            Map.entry("eipalloc-07c2e4a6b8d0f0401", "eip-unassociated"),
            Map.entry("eipalloc-07c2e4a6b8d0f0402", "eip-unassociated"),
            Map.entry("eipalloc-09e4a6c8e0f2b1401", "eip-unassociated"),
            Map.entry("i-0a7c31e2b9d4f5002", "ec2-stopped-long"),
            Map.entry("i-0c4e6a8b0d2f31001", "ec2-stopped-long"),
            Map.entry("i-0a7c31e2b9d4f5004", "ec2-idle"),
            Map.entry("i-0e6a8c0e2b4d52001", "ec2-idle"),
            Map.entry("analytics-old", "rds-idle"),
            Map.entry("reports-replica", "rds-idle"),
            Map.entry("old-promo", "elb-idle"),
            Map.entry("tcp-ingest", "elb-idle"),
            Map.entry("legacy-elb", "elb-idle"),
            Map.entry("eu-marketing", "elb-idle"),
            Map.entry("syd-legacy", "elb-idle"),
            Map.entry("nat-0a1b2c3d4e5f60701", "nat-gateway-idle"),
            Map.entry("i-0a7c31e2b9d4f5008", "ec2-previous-generation"),
            Map.entry("legacy-crm-final", "rds-snapshot-orphaned"),
            Map.entry("ami-0b5d7e9f1a3c50303", "ami-unused"));

    /** The look-alikes that must not be flagged, one per negative case the demo documents. */
    static final List<String> NEGATIVES = List.of(
            "vol-0e41b7c2d9a3f0105",   // attached gp3 volume
            "vol-0e41b7c2d9a3f0103",   // unattached for 2 days
            "vol-0e41b7c2d9a3f0110",   // protected by cloudsweep:ignore
            "vol-0e41b7c2d9a3f0107",   // gp2 on a stopped instance: judged with the instance
            "vol-0e41b7c2d9a3f0114",   // io2 above gp3's limits
            "vol-0e41b7c2d9a3f0112",   // a root volume with no I/O figures: never judged by its I/O
            "snap-03f9a1c5e7b2d0203",  // backs an AMI
            "snap-03f9a1c5e7b2d0204",  // 30 days old
            "snap-05a7c9e1b3d5f1202",  // 89 days old
            "snap-03f9a1c5e7b2d0205",  // another account's
            "eipalloc-07c2e4a6b8d0f0403", "eipalloc-07c2e4a6b8d0f0404", "eipalloc-0b6c8e0a2c4e62401",
            "i-0a7c31e2b9d4f5001",     // busy
            "i-0a7c31e2b9d4f5003",     // stopped 10 days
            "i-0a7c31e2b9d4f5005",     // launched 5 days ago
            "i-0a7c31e2b9d4f5006",     // busy one day
            "i-0a7c31e2b9d4f5007",     // missing metrics
            "i-0e6a8c0e2b4d52002",     // busy
            "i-0e6a8c0e2b4d52003",     // protected
            "orders", "new-db", "syd-mysql",
            "web", "eu-web", "new-canary",
            "nat-0f1e2d3c4b5a60701",   // busy NAT gateway
            "nat-0c2d4e6f8a0b60701",   // NAT gateway created 10 days ago
            "eipalloc-09e4a6c8e0f2b1402", "eipalloc-0b6c8e0a2c4e62402",  // addresses of NAT gateways
            "orders-before-upgrade",   // a snapshot of a database that exists
            "billing-v1-final",        // a snapshot of a database deleted 10 days ago
            "ami-0b5d7e9f1a3c50301",   // the only image of its family
            "ami-0b5d7e9f1a3c50302",   // a launch template version an Auto Scaling group is pinned to
            "ami-0b5d7e9f1a3c50304",   // an instance runs it
            "ami-0b5d7e9f1a3c50305",   // the newest of its family
            "snap-03f9a1c5e7b2d0207"); // backs a registered image: priced with it, not on its own

    private static ScanReport scanAt(Instant now) {
        ScanService service = new ScanService(DemoCloud.at(now), RuleSet.standard(Settings.empty()), new Pricer(PriceBook.embedded()),
                new RiskPolicy(RiskPolicy.Parameters.defaults()), Protection.from(Settings.empty()), Clock.fixed(now, ZoneOffset.UTC), 3);
        return service.scan(ScanRequest.allRegions(List.of(DemoCloud.ACCOUNT), "test"), ScanListener.NONE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-11-26T15:00:00Z", "2027-02-28T23:59:59Z", "2030-07-01T00:00:00Z"})
    void findsExactlyTheDocumentedWasteWhateverTheDay(String day) {
        ScanReport report = scanAt(Instant.parse(day));

        Map<String, String> found = report.findings().stream()
                .collect(Collectors.toMap(finding -> finding.resource().id(), Finding::ruleId));
        assertThat(found).isEqualTo(EXPECTED);
        assertThat(found.keySet()).doesNotContainAnyElementsOf(NEGATIVES);
    }

    @Test
    void everyRuleFiresAndEveryFindingHasACostOrAReason() {
        ScanReport report = scanAt(Instant.parse("2026-11-26T15:00:00Z"));

        assertThat(report.findings()).extracting(Finding::ruleId).containsAll(RuleSet.standard(Settings.empty()).ids());
        assertThat(report.findings()).allSatisfy(finding -> {
            if (finding.monthlyCost().isPresent()) {
                assertThat(finding.monthlyCost().get().isPositive()).as(finding.resource().id()).isTrue();
            } else {
                assertThat(finding.cost().toString()).contains("no price for");
            }
        });
    }

    /** The demo's golden totals, as the README documents them: asserted here and nowhere else. */
    @Test
    void findsTheDocumentedThirtyTwoFindingsWorth158479AMonthAndTheTotalsAreTheirSum() {
        ScanReport report = scanAt(Instant.parse("2026-11-26T15:00:00Z"));

        Money sum = report.findings().stream().flatMap(finding -> finding.monthlyCost().stream()).reduce(Money.ZERO, Money::plus);
        assertThat(report.findings()).hasSize(32);
        assertThat(report.totals().monthly()).isEqualTo(sum).isEqualTo(Money.usd("1584.79"));
        assertThat(report.totals().annual()).isEqualTo(sum.times(12));
        assertThat(report.totals().unknownCost()).isEqualTo(1);
    }

    @Test
    void holdsAtLeastFortyResourcesInThreeRegions() {
        List<Resource> resources = DemoCloud.at(Instant.parse("2026-11-26T15:00:00Z")).allResources();

        assertThat(resources).hasSizeGreaterThanOrEqualTo(40);
        assertThat(resources).extracting(resource -> resource.ref().region().code())
                .containsOnly("us-east-1", "eu-west-1", "ap-southeast-2");
        assertThat(EXPECTED.keySet()).doesNotContainAnyElementsOf(NEGATIVES);
        assertThat(resources).extracting(resource -> resource.ref().id()).containsAll(NEGATIVES);
    }
}
