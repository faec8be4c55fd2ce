package io.cloudsweep.adapters.aws;

import io.cloudsweep.adapters.aws.fake.FakeAws;
import io.cloudsweep.engine.approval.RiskPolicy;
import io.cloudsweep.engine.config.Settings;
import io.cloudsweep.engine.demo.DemoCloud;
import io.cloudsweep.engine.model.Finding;
import io.cloudsweep.engine.model.Region;
import io.cloudsweep.engine.model.RegionInventory;
import io.cloudsweep.engine.pricing.PriceBook;
import io.cloudsweep.engine.pricing.Pricer;
import io.cloudsweep.engine.rules.Protection;
import io.cloudsweep.engine.rules.RuleSet;
import io.cloudsweep.engine.scan.CloudInventory;
import io.cloudsweep.engine.scan.PriceFetcher;
import io.cloudsweep.engine.scan.ScanListener;
import io.cloudsweep.engine.scan.ScanReport;
import io.cloudsweep.engine.scan.ScanRequest;
import io.cloudsweep.engine.scan.ScanService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.ParameterizedTest;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The real SDK clients against a loopback AWS serving the demo account: the same findings as the demo itself. */
class AwsCloudTest {

    static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    static final StaticCredentialsProvider KEYS = StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIAFAKETEST", "secret"));

    private final DemoCloud demo = DemoCloud.at(NOW);
    private FakeAws fake;
    private AwsCloud cloud;

    FakeAws fake() throws IOException {
        fake = FakeAws.start(demo, DemoCloud.ACCOUNT, NOW);
        return fake;
    }

    AwsCloud connect(AwsOptions options) {
        cloud = AwsCloud.connect(options.withEndpoint(fake.endpoint()).withCredentials(KEYS));
        return cloud;
    }

    @AfterEach
    void close() {
        if (cloud != null) {
            cloud.close();
        }
        if (fake != null) {
            fake.close();
        }
    }

    static ScanReport scan(CloudInventory inventory, Optional<List<Region>> regions) {
        return scanWith(inventory, regions, PriceFetcher.NONE);
    }

    static ScanReport scanWith(CloudInventory inventory, Optional<List<Region>> regions, PriceFetcher fetcher) {
        ScanService service = new ScanService(inventory, RuleSet.standard(Settings.empty()), new Pricer(PriceBook.embedded()),
                new RiskPolicy(RiskPolicy.Parameters.defaults()), Protection.from(Settings.empty()), Clock.fixed(NOW, ZoneOffset.UTC), 4)
                .withPriceFetcher(fetcher);
        return service.scan(new ScanRequest(List.of(DemoCloud.ACCOUNT), regions, io.cloudsweep.engine.model.Money.ZERO, "test"),
                ScanListener.NONE);
    }

    static Map<String, String> byResource(ScanReport report) {
        return report.findings().stream().collect(Collectors.toMap(finding -> finding.resource().id(), Finding::ruleId));
    }

    @Test
    void findsThroughTheSdkExactlyWhatTheDemoHolds() throws IOException {
        fake();
        AwsCloud aws = connect(AwsOptions.defaults());

        ScanReport viaAws = scan(aws, Optional.empty());
        ScanReport direct = scan(demo, Optional.empty());

        assertThat(aws.account().id()).isEqualTo(DemoCloud.ACCOUNT.id());
        assertThat(viaAws.failedRegions()).isEmpty();
        assertThat(viaAws.gaps()).isEmpty();
        assertThat(byResource(viaAws)).isEqualTo(byResource(direct)).isNotEmpty();
        assertThat(viaAws.totals().monthly()).isEqualTo(direct.totals().monthly());
        assertThat(viaAws.diagnostics()).extracting(d -> d.resource().id()).containsExactly("i-0a7c31e2b9d4f5007");
    }

    /** Without the databases, every snapshot would look orphaned; without the instances, every image unused. */
    @ParameterizedTest
    @CsvSource({
            "rds:DescribeDBInstances, orders-before-upgrade legacy-crm-final",
            "ec2:DescribeInstances, ami-0b5d7e9f1a3c50304 ami-0b5d7e9f1a3c50303 snap-03f9a1c5e7b2d0201 snap-03f9a1c5e7b2d0208"})
    void whatCannotBeJudgedWithoutAnUnreadPartIsLeftOutAndItsGapSaysSo(String denied, String notJudged) throws IOException {
        fake().deny(denied);
        AwsCloud aws = connect(AwsOptions.defaults());

        ScanReport report = scan(aws, Optional.of(List.of(Region.of("us-east-1"))));

        assertThat(byResource(report)).doesNotContainKeys(notJudged.split(" "));
        assertThat(report.gaps()).singleElement().satisfies(gap -> assertThat(gap.error()).contains(denied).contains("not judged either"));
        assertThat(byResource(report)).as("what does not depend on it is still judged").containsKey("vol-0e41b7c2d9a3f0101");
    }

    @Test
    void theClientsOfEveryServiceAndRegionShareTheTimersOfTheirAttemptTimeouts() throws IOException {
        fake();
        AwsCloud aws = connect(AwsOptions.defaults());

        ScanReport report = scan(aws, Optional.empty());

        assertThat(report.regions()).hasSizeGreaterThan(1);
        // each SDK client would otherwise start a timer pool of its own: thousands of threads for a hundred accounts
        assertThat(threadsNamed("sdk-ScheduledExecutor")).isZero();
        assertThat(threadsNamed("aws-timeouts-")).isBetween(1L, 2L);
    }

    private static long threadsNamed(String prefix) {
        return Thread.getAllStackTraces().keySet().stream().filter(thread -> thread.getName().startsWith(prefix)).count();
    }

    @Test
    void readsEveryKindOfResourceWithItsFacts() throws IOException {
        fake();
        AwsCloud aws = connect(AwsOptions.defaults());
        Region usEast1 = Region.of("us-east-1");

        RegionInventory viaAws = aws.describe(DemoCloud.ACCOUNT, usEast1);
        RegionInventory direct = demo.describe(DemoCloud.ACCOUNT, usEast1);

        // Everything but the snapshot another account owns (DescribeSnapshots asks for our own only).
        assertThat(viaAws.resources()).hasSize(direct.resources().size() - 1);
        assertThat(viaAws.resources()).containsAll(direct.resources().stream()
                .filter(resource -> !resource.ref().id().equals("snap-03f9a1c5e7b2d0205"))
                .filter(resource -> !(resource instanceof io.cloudsweep.engine.model.Ec2Instance))
                .toList());
        // Instances differ only in the stop time, which the adapter reads out of the reason text.
        assertThat(viaAws.resources()).filteredOn(resource -> resource.ref().id().equals("i-0a7c31e2b9d4f5002"))
                .singleElement()
                .satisfies(resource -> assertThat(((io.cloudsweep.engine.model.Ec2Instance) resource).stateChangedAt()).isPresent());
    }
}
