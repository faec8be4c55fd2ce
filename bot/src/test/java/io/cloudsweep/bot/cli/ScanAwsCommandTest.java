package io.cloudsweep.bot.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cloudsweep.adapters.aws.fake.FakeAws;
import io.cloudsweep.engine.demo.DemoCloud;
import io.cloudsweep.storage.Database;
import io.cloudsweep.storage.DatabaseSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code cloudsweep scan} against a loopback AWS holding the demo account, through the real SDK. */
class ScanAwsCommandTest {

    @TempDir
    Path dataDir;
    private FakeAws fake;

    @BeforeEach
    void start() throws IOException {
        fake = FakeAws.start(DemoCloud.at(CliRun.NOW), DemoCloud.ACCOUNT, CliRun.NOW);
        System.setProperty("aws.accessKeyId", "AKIAFAKECLI");
        System.setProperty("aws.secretAccessKey", "fake-secret");
    }

    @AfterEach
    void stop() {
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
        fake.close();
    }

    private static Map<String, String> findings(JsonNode report) {
        Map<String, String> found = new TreeMap<>();
        report.get("findings").forEach(finding -> found.put(finding.get("resource_id").asText(), finding.get("rule").asText()));
        return found;
    }

    @Test
    void reportsTheWasteThatIsThereAndNothingElse() throws IOException {
        CliRun viaAws = CliRun.of("scan", "--endpoint-url", fake.endpoint().toString(), "--data-dir", dataDir.toString(), "--regions", "us-east-1,eu-west-1", "--format", "json");
        CliRun demo = CliRun.of("scan", "--demo", "--regions", "us-east-1,eu-west-1", "--format", "json");

        assertThat(viaAws.exitCode()).as(viaAws.err()).isZero();
        JsonNode report = new ObjectMapper().readTree(viaAws.out());
        assertThat(report.get("scan").get("accounts").get(0).asText()).isEqualTo(DemoCloud.ACCOUNT.id());
        assertThat(report.get("scan").get("failed_regions")).isEmpty();
        assertThat(findings(report)).isEqualTo(findings(new ObjectMapper().readTree(demo.out()))).hasSize(27);
        assertThat(fake.calls("ap-southeast-2", "ec2:DescribeVolumes")).isZero();
    }

    @Test
    void allRegionsMeansTheRegionsTheAccountHasEnabled() throws IOException {
        CliRun run = CliRun.of("scan", "--endpoint-url", fake.endpoint().toString(), "--data-dir", dataDir.toString(), "--regions", "all", "--format", "json");

        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode report = new ObjectMapper().readTree(run.out());
        assertThat(report.get("scan").get("regions")).extracting(JsonNode::asText).containsExactly("ap-southeast-2", "eu-west-1", "us-east-1");
        assertThat(fake.calls("ec2:DescribeRegions")).isEqualTo(1);
    }

    @Test
    void aPriceTheBookLacksIsFetchedFromThePricingApiAndCachedInTheDataDir() throws IOException {
        fake.product("AWSELB", Map.of("regionCode", "ap-southeast-2", "productFamily", "Load Balancer",
                "usagetype", "APS2-LoadBalancerUsage"), "0.028", "Hrs");

        CliRun run = CliRun.of("scan", "--endpoint-url", fake.endpoint().toString(), "--data-dir", dataDir.toString(),
                "--regions", "ap-southeast-2", "--format", "json");

        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode report = new ObjectMapper().readTree(run.out());
        JsonNode sydney = null;
        for (JsonNode finding : report.get("findings")) {
            if (finding.get("resource_id").asText().equals("syd-legacy")) {
                sydney = finding;
            }
        }
        assertThat(sydney).isNotNull();
        assertThat(sydney.get("monthly_cost_usd").asText()).isEqualTo("20.44");
        assertThat(sydney.get("price_source").asText()).isEqualTo("pricing-api");
        assertThat(sydney.get("price_date").asText()).isEqualTo("2026-11-01");
        assertThat(report.get("totals").get("unknown_cost_findings").asInt()).isZero();
        assertThat(dataDir.resolve("price-cache.csv")).exists();
    }

    @Test
    void withSaveFetchedPricesAreRememberedInTheDatabase() {
        fake.product("AWSELB", Map.of("regionCode", "ap-southeast-2", "productFamily", "Load Balancer",
                "usagetype", "APS2-LoadBalancerUsage"), "0.028", "Hrs");

        CliRun first = CliRun.of("scan", "--endpoint-url", fake.endpoint().toString(), "--data-dir", dataDir.toString(),
                "--regions", "ap-southeast-2", "--save");
        int askedFirst = fake.calls("pricing:GetProducts");
        CliRun second = CliRun.of("scan", "--endpoint-url", fake.endpoint().toString(), "--data-dir", dataDir.toString(),
                "--regions", "ap-southeast-2", "--save");

        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(second.exitCode()).as(second.err()).isZero();
        assertThat(askedFirst).as("the missing price, and the book's prices the costs used").isGreaterThan(1);
        assertThat(fake.calls("pricing:GetProducts")).as("the second scan asks nothing: the database remembers").isEqualTo(askedFirst);
        assertThat(dataDir.resolve("price-cache.csv")).doesNotExist();
        try (Database database = Database.open(DatabaseSettings.embedded(dataDir))) {
            String cost = database.jdbi().withHandle(handle -> handle.createQuery(
                    "SELECT monthly_cost_usd::text || ' ' || price_source FROM findings WHERE resource_id = 'syd-legacy'").mapTo(String.class).one());
            assertThat(cost).isEqualTo("20.44 pricing-api");
            int cached = database.jdbi().withHandle(handle -> handle.createQuery("SELECT count(*) FROM price_cache").mapTo(Integer.class).one());
            assertThat(cached).as("every price asked for is remembered, found or not").isEqualTo(askedFirst);
        }
    }

    @Test
    void expiredCredentialsExit3SayingSo() {
        fake.fail("us-east-1", "sts:GetCallerIdentity", 403, "ExpiredToken");

        CliRun run = CliRun.of("scan", "--endpoint-url", fake.endpoint().toString(), "--data-dir", dataDir.toString());

        assertThat(run.exitCode()).isEqualTo(ExitCodes.CLOUD_UNAVAILABLE);
        assertThat(run.err()).startsWith("cloudsweep: the AWS credentials have expired (ExpiredToken)");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void notBeingAllowedToListRegionsExit3NamingTheAction() {
        fake.fail("us-east-1", "ec2:DescribeRegions", 403, "UnauthorizedOperation");

        CliRun run = CliRun.of("scan", "--endpoint-url", fake.endpoint().toString(), "--data-dir", dataDir.toString(), "--regions", "all");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.CLOUD_UNAVAILABLE);
        assertThat(run.err()).startsWith("cloudsweep: access denied to ec2:DescribeRegions");
    }

    @Test
    void whenNoRegionCanBeScannedTheScanExits3() {
        fake.fail("eu-west-1", "*", 403, "UnauthorizedOperation");

        CliRun run = CliRun.of("scan", "--endpoint-url", fake.endpoint().toString(), "--data-dir", dataDir.toString(),
                "--regions", "eu-west-1");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.CLOUD_UNAVAILABLE);
        assertThat(run.err()).startsWith("cloudsweep: no region could be scanned; eu-west-1: ").contains("access denied to ec2:Describe");
    }

    @Test
    void aRegionThatFailsIsListedAndTheScanGoesOn() throws IOException {
        fake.fail("eu-west-1", "*", 403, "UnauthorizedOperation");

        CliRun run = CliRun.of("scan", "--endpoint-url", fake.endpoint().toString(), "--data-dir", dataDir.toString(), "--format", "json");

        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode report = new ObjectMapper().readTree(run.out());
        JsonNode failed = report.get("scan").get("failed_regions");
        assertThat(failed).hasSize(1);
        assertThat(failed.get(0).get("region").asText()).isEqualTo("eu-west-1");
        assertThat(failed.get(0).get("error").asText()).contains("access denied to ec2:Describe");
        assertThat(findings(report)).isNotEmpty().doesNotContainKey("reports-replica");
    }

    @Test
    void deniedAccessToOneServiceLeavesAGapAndTheRestIsJudged() throws IOException {
        fake.fail("us-east-1", "elasticloadbalancing:DescribeLoadBalancers", 403, "AccessDenied");

        CliRun run = CliRun.of("scan", "--endpoint-url", fake.endpoint().toString(), "--data-dir", dataDir.toString(), "--regions", "us-east-1", "--format", "json");

        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode report = new ObjectMapper().readTree(run.out());
        assertThat(report.get("scan").get("gaps")).hasSize(2).allSatisfy(gap ->
                assertThat(gap.get("error").asText()).contains("access denied to elasticloadbalancing:DescribeLoadBalancers"));
        assertThat(findings(report)).containsKey("analytics-old").doesNotContainKey("old-promo");
    }
}
