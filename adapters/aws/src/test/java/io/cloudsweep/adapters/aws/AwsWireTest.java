package io.cloudsweep.adapters.aws;

import io.cloudsweep.adapters.aws.fake.FakeAws;
import io.cloudsweep.adapters.aws.fake.SyntheticCloud;
import io.cloudsweep.engine.approval.RiskPolicy;
import io.cloudsweep.engine.demo.DemoCloud;
import io.cloudsweep.engine.model.Account;
import io.cloudsweep.engine.model.Ec2Instance;
import io.cloudsweep.engine.model.MetricData;
import io.cloudsweep.engine.model.MetricQuery;
import io.cloudsweep.engine.model.Region;
import io.cloudsweep.engine.model.RegionInventory;
import io.cloudsweep.engine.model.ResourceType;
import io.cloudsweep.engine.pricing.PriceBook;
import io.cloudsweep.engine.pricing.Pricer;
import io.cloudsweep.engine.rules.RuleContext;
import io.cloudsweep.engine.rules.RuleSet;
import io.cloudsweep.engine.config.Settings;
import io.cloudsweep.engine.scan.InventoryException;
import io.cloudsweep.engine.scan.ScanReport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The adapter's behaviour on the wire: paging, failures, retries, roles and metric batching. */
class AwsWireTest {

    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private static final Account ACCOUNT = new Account("444455556666", "synthetic");
    private static final Region US_EAST_1 = Region.of("us-east-1");
    private static final Region EU_WEST_1 = Region.of("eu-west-1");

    private FakeAws fake;
    private AwsCloud cloud;

    @AfterEach
    void close() {
        if (cloud != null) {
            cloud.close();
        }
        if (fake != null) {
            fake.close();
        }
    }

    private AwsCloud connect(io.cloudsweep.engine.scan.CloudInventory world, Account account, AwsOptions options) throws IOException {
        fake = FakeAws.start(world, account, NOW);
        cloud = AwsCloud.connect(options.withEndpoint(fake.endpoint()).withCredentials(AwsCloudTest.KEYS));
        return cloud;
    }

    @Test
    void pagesThroughLargeRegionsWithTheLargestPages() throws IOException {
        SyntheticCloud world = new SyntheticCloud(ACCOUNT, List.of(US_EAST_1), 6000, NOW, 7, false);
        AwsCloud aws = connect(world, ACCOUNT, AwsOptions.defaults());
        List<io.cloudsweep.engine.model.Resource> expected = world.describe(ACCOUNT, US_EAST_1).resources();

        RegionInventory inventory = aws.describe(ACCOUNT, US_EAST_1);

        assertThat(inventory.resources()).hasSameSizeAs(expected);
        // Equal field for field, but for the stop time the adapter reads out of each stopped instance's reason.
        assertThat(inventory.resources()).filteredOn(resource -> !(resource instanceof Ec2Instance))
                .containsExactlyInAnyOrderElementsOf(expected.stream().filter(resource -> !(resource instanceof Ec2Instance)).toList());
        assertThat(inventory.resources()).extracting(resource -> resource.ref().id())
                .containsExactlyInAnyOrderElementsOf(expected.stream().map(resource -> resource.ref().id()).toList());
        long volumes = count(inventory, ResourceType.EBS_VOLUME);
        long instances = count(inventory, ResourceType.EC2_INSTANCE);
        long databases = count(inventory, ResourceType.RDS_INSTANCE);
        assertThat(volumes).isGreaterThan(1000);
        assertThat(instances).isGreaterThan(1000);
        // Every page was asked for at the largest size the API allows, and no more.
        assertThat(fake.calls("ec2:DescribeVolumes")).isEqualTo((int) Math.ceil(volumes / 500.0));
        assertThat(fake.calls("ec2:DescribeInstances")).isEqualTo((int) Math.ceil(instances / 1000.0));
        assertThat(fake.calls("rds:DescribeDBInstances")).isEqualTo((int) Math.ceil(databases / 100.0)).isGreaterThan(1);
    }

    @Test
    void throttlingAndServerErrorsAreRetriedUntilTheCallSucceeds() throws IOException {
        AwsCloud aws = connect(DemoCloud.at(NOW), DemoCloud.ACCOUNT, AwsOptions.defaults());
        fake.failTimes("us-east-1", "ec2:DescribeVolumes", 503, "RequestLimitExceeded", 2);
        fake.failTimes("us-east-1", "rds:DescribeDBInstances", 500, "InternalFailure", 1);
        fake.failTimes("us-east-1", "elasticloadbalancing:DescribeTargetGroups", 400, "Throttling", 1);

        RegionInventory inventory = aws.describe(DemoCloud.ACCOUNT, US_EAST_1);

        assertThat(inventory.gaps()).isEmpty();
        assertThat(fake.calls("us-east-1", "ec2:DescribeVolumes")).isEqualTo(3);
        assertThat(fake.calls("us-east-1", "rds:DescribeDBInstances")).isEqualTo(2);
        assertThat(inventory.resources()).extracting(resource -> resource.ref().id()).contains("vol-0e41b7c2d9a3f0101", "analytics-old");
    }

    @Test
    void aRegionThatKeepsFailingFailsAloneWithTheReason() throws IOException {
        AwsCloud aws = connect(DemoCloud.at(NOW), DemoCloud.ACCOUNT, AwsOptions.defaults());
        fake.fail("eu-west-1", "*", 403, "UnauthorizedOperation");

        ScanReport report = AwsCloudTest.scan(aws, Optional.of(List.of(US_EAST_1, EU_WEST_1)));

        assertThat(report.failedRegions()).singleElement().satisfies(failed -> {
            assertThat(failed.region()).isEqualTo(EU_WEST_1);
            assertThat(failed.error()).contains("access denied to");
        });
        assertThat(report.findings()).isNotEmpty().allMatch(finding -> finding.resource().region().equals(US_EAST_1));
    }

    @Test
    void withoutAccessToImagesSnapshotsAreNotJudged() throws IOException {
        AwsCloud aws = connect(DemoCloud.at(NOW), DemoCloud.ACCOUNT, AwsOptions.defaults());
        fake.fail("us-east-1", "ec2:DescribeImages", 403, "UnauthorizedOperation");

        RegionInventory inventory = aws.describe(DemoCloud.ACCOUNT, US_EAST_1);

        assertThat(inventory.gaps()).singleElement().satisfies(gap -> {
            assertThat(gap.types()).contains(ResourceType.AMI, ResourceType.EBS_SNAPSHOT);
            assertThat(gap.error()).contains("access denied to ec2:DescribeImages");
        });
        assertThat(inventory.resources()).noneMatch(resource -> resource.ref().type() == ResourceType.EBS_SNAPSHOT);
        assertThat(inventory.resources()).anyMatch(resource -> resource.ref().type() == ResourceType.EBS_VOLUME);
    }

    @Test
    void assumesTheRoleOnceWithItsExternalIdWhateverTheNumberOfRegions() throws IOException {
        String role = "arn:aws:iam::123456789012:role/CloudSweepScan";
        fake = FakeAws.start(DemoCloud.at(NOW), DemoCloud.ACCOUNT, NOW).requireExternalId(role, "cs-4f9a2b");
        cloud = AwsCloud.connect(AwsOptions.defaults().withRole(role, Optional.of("cs-4f9a2b"))
                .withEndpoint(fake.endpoint()).withCredentials(AwsCloudTest.KEYS));

        ScanReport report = AwsCloudTest.scan(cloud, Optional.empty());

        assertThat(report.failedRegions()).isEmpty();
        assertThat(report.findings()).hasSameSizeAs(AwsCloudTest.scan(DemoCloud.at(NOW), Optional.empty()).findings());
        assertThat(fake.calls("sts:AssumeRole")).isEqualTo(1);
        assertThat(fake.sawAccessKey("ASIAFAKESESSION")).isTrue();
        assertThat(cloud.account().name()).isEqualTo("CloudSweepScan");
    }

    @Test
    void aWrongExternalIdIsRefusedWithWhatToCheck() throws IOException {
        String role = "arn:aws:iam::123456789012:role/CloudSweepScan";
        fake = FakeAws.start(DemoCloud.at(NOW), DemoCloud.ACCOUNT, NOW).requireExternalId(role, "cs-4f9a2b");

        assertThatThrownBy(() -> AwsCloud.connect(AwsOptions.defaults().withRole(role, Optional.of("wrong-id"))
                .withEndpoint(fake.endpoint()).withCredentials(AwsCloudTest.KEYS)))
                .isInstanceOf(InventoryException.class)
                .hasMessageContaining("access denied to sts:GetCallerIdentity")
                .hasMessageContaining("while assuming " + role)
                .hasMessageContaining("with this external id");
    }

    @Test
    void batchesMetricQueries500ToACallAndFollowsNextToken() throws IOException {
        SyntheticCloud world = new SyntheticCloud(ACCOUNT, List.of(US_EAST_1), 4000, NOW, 7);
        AwsCloud aws = connect(world, ACCOUNT, AwsOptions.defaults());
        RuleSet rules = RuleSet.standard(Settings.empty());
        RegionInventory region = world.describe(ACCOUNT, US_EAST_1);
        RuleContext context = new RuleContext(NOW, region, MetricData.NONE, new Pricer(PriceBook.embedded()),
                new RiskPolicy(RiskPolicy.Parameters.defaults()));
        List<MetricQuery> queries = region.resources().stream()
                .flatMap(resource -> rules.metricQueries(resource, context).stream()).toList();
        long lookbacks = queries.stream().map(MetricQuery::days).distinct().count();

        MetricData metrics = aws.metrics(ACCOUNT, US_EAST_1, queries, NOW);

        assertThat(queries.size()).isGreaterThan(1500);
        assertThat(metrics.series()).hasSize(queries.size());
        int calls = fake.calls("cloudwatch:GetMetricData");
        assertThat(calls).isLessThanOrEqualTo((int) (Math.ceil(queries.size() / 500.0) + lookbacks));
        assertThat(metrics.get(queries.get(0)).orElseThrow().daily()).hasSize(queries.get(0).days());

        fake.metricResultsPerPage(100);
        MetricData paged = aws.metrics(ACCOUNT, US_EAST_1, queries.subList(0, 450), NOW);
        assertThat(paged.series()).hasSize(450);
        assertThat(fake.calls("cloudwatch:GetMetricData") - calls).isGreaterThanOrEqualTo(5);
    }

    @Test
    void everyCallMadeIsAnActionTheScanPolicyGrants() throws IOException {
        AwsCloud aws = connect(DemoCloud.at(NOW), DemoCloud.ACCOUNT, AwsOptions.defaults());

        AwsCloudTest.scan(aws, Optional.empty());
        aws.enabledRegions(DemoCloud.ACCOUNT);

        assertThat(fake.callsByAction().keySet()).isSubsetOf(union(Iam.SCAN_POLICY, Iam.STS_GET_CALLER_IDENTITY));
        assertThat(fake.callsByAction().keySet()).contains("cloudwatch:GetMetricData", "ec2:DescribeSnapshots",
                "elasticloadbalancing:DescribeTargetHealth", "elasticloadbalancing:DescribeInstanceHealth");
        assertThat(fake.callsByAction()).doesNotContainKey("cloudwatch:GetMetricStatistics");
    }

    private static long count(RegionInventory inventory, ResourceType type) {
        return inventory.resources().stream().filter(resource -> resource.ref().type() == type).count();
    }

    private static java.util.Set<String> union(java.util.Set<String> set, String extra) {
        java.util.Set<String> all = new java.util.HashSet<>(set);
        all.add(extra);
        return all;
    }
}
