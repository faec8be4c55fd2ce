package io.cloudsweep.bot.cli;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cloudsweep.engine.format.Csv;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

class ScanCommandTest {

    private static final Set<String> RULE_IDS = Set.of("ebs-unattached", "ebs-gp2-to-gp3", "ebs-io1-to-gp3", "ebs-low-io", "ebs-snapshot-old", "ami-unused",
            "eip-unassociated", "nat-gateway-idle", "ec2-stopped-long", "ec2-idle", "ec2-previous-generation", "rds-idle", "rds-snapshot-orphaned",
            "elb-idle");
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private static JsonNode json(CliRun run) throws IOException {
        assertThat(run.exitCode()).as(run.err()).isZero();
        return JSON.readTree(run.out());
    }

    @Test
    void jsonReportHasTheDocumentedShapeAndEveryRule() throws IOException {
        JsonNode report = json(CliRun.of("scan", "--demo", "--format", "json"));

        assertThat(fieldNames(report)).containsExactly("scan", "findings", "totals");
        JsonNode scan = report.get("scan");
        assertThat(fieldNames(scan)).contains("started_at", "finished_at", "accounts", "regions", "failed_regions");
        assertThat(scan.get("accounts").get(0).asText()).isEqualTo("123456789012");
        assertThat(scan.get("regions")).extracting(JsonNode::asText).containsExactly("ap-southeast-2", "eu-west-1", "us-east-1");
        assertThat(scan.get("failed_regions")).isEmpty();

        Set<String> rules = new TreeSet<>();
        for (JsonNode finding : report.get("findings")) {
            assertThat(fieldNames(finding)).contains("rule", "resource_type", "resource_id", "account_id", "region",
                    "monthly_cost_usd", "annual_cost_usd", "risk", "action", "reason", "tags");
            assertThat(finding.get("risk").asText()).isIn("low", "medium", "high");
            rules.add(finding.get("rule").asText());
        }
        assertThat(rules).isEqualTo(RULE_IDS);
    }

    @Test
    void everyFindingHasAPositiveCostOrAReasonAndTheTotalsAddUp() throws IOException {
        JsonNode report = json(CliRun.of("scan", "--demo", "--format", "json"));

        BigDecimal sum = BigDecimal.ZERO;
        int unknown = 0;
        for (JsonNode finding : report.get("findings")) {
            JsonNode monthly = finding.get("monthly_cost_usd");
            if (monthly.isNull()) {
                unknown++;
                assertThat(finding.get("cost_unknown_reason").asText()).startsWith("no price for");
                assertThat(finding.get("annual_cost_usd").isNull()).isTrue();
            } else {
                assertThat(monthly.decimalValue()).isPositive();
                assertThat(finding.get("annual_cost_usd").decimalValue()).isEqualByComparingTo(monthly.decimalValue().multiply(BigDecimal.valueOf(12)));
                sum = sum.add(monthly.decimalValue());
            }
        }
        JsonNode totals = report.get("totals");
        assertThat(totals.get("findings").asInt()).isEqualTo(report.get("findings").size());
        assertThat(totals.get("monthly_cost_usd").decimalValue()).isEqualByComparingTo(sum);
        assertThat(totals.get("annual_cost_usd").decimalValue()).isEqualByComparingTo(sum.multiply(BigDecimal.valueOf(12)));
        assertThat(totals.get("unknown_cost_findings").asInt()).isEqualTo(unknown).isPositive();
    }

    @Test
    void csvHasAHeaderRowAndOneRowPerFinding() throws IOException {
        JsonNode report = json(CliRun.of("scan", "--demo", "--format", "json"));
        CliRun csv = CliRun.of("scan", "--demo", "--format", "CSV");

        assertThat(csv.exitCode()).isZero();
        List<String> lines = Arrays.asList(csv.out().split("\r\n"));
        assertThat(Csv.parseLine(lines.get(0))).startsWith("rule", "resource_type", "resource_id").contains("monthly_cost_usd");
        assertThat(lines).hasSize(report.get("findings").size() + 1);
        List<String> first = Csv.parseLine(lines.get(1));
        assertThat(first).hasSameSizeAs(Csv.parseLine(lines.get(0)));
        assertThat(first.get(0)).isEqualTo(report.get("findings").get(0).get("rule").asText());
        assertThat(first.get(6)).matches("\\d+\\.\\d{2}");
        assertThat(new BigDecimal(first.get(6))).isEqualByComparingTo(report.get("findings").get(0).get("monthly_cost_usd").decimalValue());
    }

    @Test
    void tableIsSortedByCostWithTheFiguresAlignedAndTotals() {
        CliRun run = CliRun.of("scan", "--demo");

        assertThat(run.exitCode()).isZero();
        List<String> lines = run.out().lines().toList();
        int header = lines.indexOf(lines.stream().filter(line -> line.startsWith("$/MONTH")).findFirst().orElseThrow());
        List<String> rows = new ArrayList<>();
        for (String line : lines.subList(header + 1, lines.size())) {
            if (line.isBlank()) {
                break;
            }
            rows.add(line);
        }
        assertThat(rows).isNotEmpty();
        int moneyEnd = "$/MONTH".length();
        List<BigDecimal> amounts = new ArrayList<>();
        for (String row : rows) {
            String cell = row.substring(0, moneyEnd).trim();
            assertThat(row.charAt(moneyEnd)).as(row).isEqualTo(' ');
            if (!cell.equals("unknown")) {
                amounts.add(new BigDecimal(cell.replace("$", "").replace(",", "")));
            }
        }
        assertThat(amounts).isSortedAccordingTo((a, b) -> b.compareTo(a));
        BigDecimal sum = amounts.stream().reduce(BigDecimal.ZERO, BigDecimal::add);
        assertThat(run.out()).contains("Total: $" + String.format(java.util.Locale.ROOT, "%,.2f", sum) + " a month ($"
                + String.format(java.util.Locale.ROOT, "%,.2f", sum.multiply(BigDecimal.valueOf(12))) + " a year) in " + rows.size()
                + " findings (" + (rows.size() - amounts.size()) + " of unknown cost, not in the total)");
        assertThat(run.out()).contains("Not judged or not priced, for want of data:");
    }

    @Test
    void regionsNarrowTheScan() throws IOException {
        JsonNode report = json(CliRun.of("scan", "--demo", "--format", "json", "--regions", "eu-west-1"));

        assertThat(report.get("scan").get("regions")).extracting(JsonNode::asText).containsExactly("eu-west-1");
        assertThat(report.get("findings")).isNotEmpty().allSatisfy(finding -> assertThat(finding.get("region").asText()).isEqualTo("eu-west-1"));
    }

    @Test
    void minimumMonthlyCostFiltersFindings() throws IOException {
        JsonNode report = json(CliRun.of("scan", "--demo", "--format", "json", "--min-monthly-cost", "20"));

        assertThat(report.get("findings")).isNotEmpty().allSatisfy(finding -> {
            JsonNode monthly = finding.get("monthly_cost_usd");
            assertThat(monthly.isNull() || monthly.decimalValue().compareTo(new BigDecimal("20")) >= 0).isTrue();
        });
        assertThat(report.get("findings").size()).isLessThan(25);
    }

    @Test
    void aSettingsFileTunesTheRules(@TempDir Path dir) throws IOException {
        Path settings = dir.resolve("cloudsweep.properties");
        Files.writeString(settings, "rules.ebs-snapshot-old.min-age-days = 500\n");

        JsonNode report = json(CliRun.of("scan", "--demo", "--format", "json", "--config", settings.toString()));

        assertThat(report.get("findings")).noneSatisfy(finding -> assertThat(finding.get("rule").asText()).isEqualTo("ebs-snapshot-old"));
    }

    @Test
    void anUnknownSettingIsRefusedWithExit2(@TempDir Path dir) throws IOException {
        Path settings = dir.resolve("cloudsweep.properties");
        Files.writeString(settings, "rules.ebs-snapshot-old.min-age = 500\n");

        CliRun run = CliRun.of("scan", "--demo", "--config", settings.toString());

        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("unknown setting rules.ebs-snapshot-old.min-age").contains("rules.ebs-snapshot-old.min-age-days");
        assertThat(run.out()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"--format=xml", "--bogus", "--min-monthly-cost=-5", "--min-monthly-cost=ten", "--regions=mars-1",
            "--regions=all,us-east-1"})
    void badFlagsGiveOneLineAndTheUsageWithExit2(String flag) {
        CliRun run = CliRun.of("scan", "--demo", flag);

        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        List<String> lines = run.err().lines().toList();
        assertThat(lines.get(0)).startsWith("cloudsweep: ");
        assertThat(lines.get(1)).startsWith("Usage: cloudsweep scan");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void badValuesAreSaidInWordsNotJavas(@TempDir Path dir) {
        CliRun cost = CliRun.of("scan", "--demo", "--min-monthly-cost", "abc");
        CliRun format = CliRun.of("scan", "--demo", "--format", "XML");
        CliRun config = CliRun.of("scan", "--demo", "--config", dir.resolve("missing.properties").toString());

        assertThat(cost.err()).startsWith("cloudsweep: Invalid value for option '--min-monthly-cost': 'abc' is not an amount in USD, such as 25 or 12.50")
                .doesNotContain("Exception");
        assertThat(format.err()).startsWith("cloudsweep: Invalid value for option '--format': 'XML' is not a format: table, json, csv");
        assertThat(config.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(config.err()).isEqualTo("cloudsweep: settings file " + dir.resolve("missing.properties") + " not found\n");
    }

    @Test
    void aRegionTheAccountHasNotEnabledIsRefusedNamingTheOnesItHas() {
        CliRun run = CliRun.of("scan", "--demo", "--regions", "us-east-1,us-east-9");
        CliRun one = CliRun.of("scan", "--demo", "--regions", "us-east-1");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).startsWith("cloudsweep: --regions us-east-9: not a region this account has enabled (its regions: ")
                .contains("eu-west-1");
        assertThat(run.out()).isEmpty();
        assertThat(one.out()).startsWith("CloudSweep scan of demo (123456789012): 1 region, ");
    }

    @Test
    void aProfileWithoutCredentialsExits3WithWhatToDo() {
        CliRun run = CliRun.of("scan", "--profile", "no-such-profile-here", "--endpoint-url", "http://127.0.0.1:9");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.CLOUD_UNAVAILABLE);
        assertThat(run.err()).startsWith("cloudsweep: no usable AWS credentials").contains("no-such-profile-here");
        assertThat(run.out()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"--external-id=abc", "--role-arn=arn:aws:iam::12:role/x", "--endpoint-url=ftp://host"})
    void awsFlagsThatDoNotGoTogetherAreBadArguments(String flag) {
        CliRun run = CliRun.of("scan", flag);

        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err().lines().findFirst().orElseThrow()).startsWith("cloudsweep: ");
    }

    @Test
    void demoRefusesAwsFlags() {
        CliRun run = CliRun.of("scan", "--demo", "--profile", "prod");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).startsWith("cloudsweep: --demo scans the built-in demo account");
    }

    @Test
    void versionAndHelp() {
        CliRun version = CliRun.of("--version");
        CliRun help = CliRun.of("scan", "--help");

        assertThat(version.exitCode()).isZero();
        assertThat(version.out().trim()).matches("cloudsweep \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("--demo", "--format", "--min-monthly-cost", "--regions", "--config", "--profile",
                "--role-arn", "--external-id", "--endpoint-url");
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
