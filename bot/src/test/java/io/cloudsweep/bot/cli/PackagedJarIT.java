package io.cloudsweep.bot.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs {@code java -jar bot/target/cloudsweep.jar} exactly as the README tells a newcomer to. */
class PackagedJarIT {

    private static final Path JAR = Path.of(System.getProperty("cloudsweep.jar", "target/cloudsweep.jar"));

    record Result(int exitCode, String out, String err) {
    }

    private static Result run(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dfile.encoding=UTF-8", "-jar", JAR.toString()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile("cloudsweep-out", ".txt");
        Path err = Files.createTempFile("cloudsweep-err", ".txt");
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the jar finished within a minute").isTrue();
        return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    @Test
    void demoScanPrintsJsonWithAllEightRules() throws Exception {
        Result result = run("scan", "--demo", "--format", "json");

        assertThat(result.exitCode()).as(result.err()).isZero();
        JsonNode report = new ObjectMapper().readTree(result.out());
        Set<String> rules = new TreeSet<>();
        report.get("findings").forEach(finding -> rules.add(finding.get("rule").asText()));
        assertThat(rules).containsExactlyInAnyOrder("ebs-unattached", "ebs-gp2-to-gp3", "ebs-snapshot-old", "eip-unassociated",
                "ec2-stopped-long", "ec2-idle", "rds-idle", "elb-idle");
        assertThat(result.err()).isEmpty();
    }

    @Test
    void versionAndABadFlag() throws Exception {
        Result version = run("--version");
        Result bad = run("scan", "--demo", "--format", "yaml");

        assertThat(version.exitCode()).isZero();
        assertThat(version.out()).startsWith("cloudsweep ");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).startsWith("cloudsweep: ").contains("Usage: cloudsweep scan");
    }
}
