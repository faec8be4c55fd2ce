package io.cloudsweep.bot.cli;

import io.cloudsweep.bot.server.ServedJar;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cloudsweep.adapters.aws.fake.FakeAws;
import io.cloudsweep.engine.demo.DemoCloud;
import io.cloudsweep.storage.Database;
import io.cloudsweep.storage.DatabaseSettings;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
        return run(Map.of(), args);
    }

    private static Result run(Map<String, String> env, String... args) throws IOException, InterruptedException {
        return run(env, null, args);
    }

    /** @param input a file the process reads as its standard input, or null for none */
    private static Result run(Map<String, String> env, Path input, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dfile.encoding=UTF-8", "-jar", JAR.toString()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile("cloudsweep-out", ".txt");
        Path err = Files.createTempFile("cloudsweep-err", ".txt");
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        if (input != null) {
            builder.redirectInput(input.toFile());
        }
        builder.environment().put("AWS_EC2_METADATA_DISABLED", "true");
        // the archive of a fast start would go to this machine's ~/.cloudsweep: its own test gives it a home of its own
        builder.environment().put("CLOUDSWEEP_FAST_START", "off");
        builder.environment().putAll(env);
        Process process = builder.start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the jar finished within a minute").isTrue();
        return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    @Test
    void scanStartsItsSecondRunFromTheClassArchiveItsFirstRunLeftAndPrintsTheSame() throws Exception {
        Path home = Files.createTempDirectory("cloudsweep-home");
        Path cds = home.resolve(".cloudsweep").resolve("cds");
        Path loaded = home.resolve("classes.txt");

        Result first = runIn(home, List.of(), "scan", "--demo", "--format", "csv");
        assertThat(first.exitCode()).as(first.err()).isZero();
        // the first run's JVM writes the archive after it has answered; its pid is beside what it writes
        try (var files = Files.list(cds)) {
            for (Path writer : files.filter(file -> file.toString().endsWith(".pid")).toList()) {
                ProcessHandle.of(Long.parseLong(Files.readString(writer).trim())).ifPresent(process -> process.onExit().orTimeout(60, TimeUnit.SECONDS).join());
            }
        }
        // a heap size of the caller's own reaches the scanning JVM instead of its default first heap (128 MB, above this)
        Result second = runIn(home, List.of("-Xmx96m", "-Xlog:class+load=info:file=" + loaded), "scan", "--demo", "--format", "csv");
        Result plain = run("scan", "--demo", "--format", "csv");

        assertThat(second.exitCode()).as(second.err()).isZero();
        assertThat(second.out()).isEqualTo(first.out()).isEqualTo(plain.out());
        try (var files = Files.list(cds)) {
            assertThat(files.map(path -> path.getFileName().toString())).singleElement().asString().matches("scan-[0-9a-f]{24}\\.jsa");
        }
        assertThat(Files.readString(loaded)).as("the scan's own classes came from the archive")
                .containsPattern("io\\.cloudsweep\\.bot\\.cli\\.ScanCommand source: shared objects file \\(top\\)");
    }

    /** The jar with fast start on, its home (where the archive goes) in {@code home}. */
    private static Result runIn(Path home, List<String> jvmOptions, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dfile.encoding=UTF-8", "-Duser.home=" + home));
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", JAR.toString()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile("cloudsweep-out", ".txt");
        Path err = Files.createTempFile("cloudsweep-err", ".txt");
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the jar answered within a minute").isTrue();
        return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    @Test
    void aScriptPipedIntoChatDemoShowsTheWholeCleanupLoopAndAVerifyingAudit() throws Exception {
        Path script = Files.createTempFile("cloudsweep-chat", ".txt");
        Files.writeString(script, ConsoleCommandTest.SCRIPT, StandardCharsets.UTF_8);

        Result result = run(Map.of(), script, "chat", "--demo");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out())
                .containsPattern("status: cleaned \\(C-1\\) after approval by console; backup snap-[0-9a-f]+")
                .contains("status: awaiting a second admin (approved by ana)")
                .contains("status: cleaned (C-2) after approval by ana, bo")
                .contains("status: snoozed until", "status: rejected by cy: kept for the quarterly audit")
                .containsPattern("C-1 undone: volume vol-[0-9a-f]+ created from snap-[0-9a-f]+")
                .contains("audit chain verified")
                .endsWith("(end of input) bye" + System.lineSeparator());
        assertThat(result.err()).isEmpty();
    }

    @Test
    void demoScanPrintsJsonWithAllEightRules() throws Exception {
        Result result = run("scan", "--demo", "--format", "json");

        assertThat(result.exitCode()).as(result.err()).isZero();
        JsonNode report = new ObjectMapper().readTree(result.out());
        Set<String> rules = new TreeSet<>();
        report.get("findings").forEach(finding -> rules.add(finding.get("rule").asText()));
        assertThat(rules).containsExactlyInAnyOrder("ebs-unattached", "ebs-gp2-to-gp3", "ebs-io1-to-gp3", "ebs-low-io", "ebs-snapshot-old", "ami-unused",
                "eip-unassociated", "nat-gateway-idle",
                "ec2-stopped-long", "ec2-idle", "ec2-previous-generation", "rds-idle", "rds-snapshot-orphaned",
                "elb-idle");
        assertThat(result.err()).isEmpty();
    }

    @Test
    void scansAnAwsCompatibleEndpointAndReportsTheWasteThatIsThere() throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        try (FakeAws fake = FakeAws.start(DemoCloud.at(now), DemoCloud.ACCOUNT, now)) {
            Result result = run(Map.of("AWS_ACCESS_KEY_ID", "AKIAFAKEJAR", "AWS_SECRET_ACCESS_KEY", "fake-secret", "AWS_REGION", "us-east-1"),
                    "scan", "--endpoint-url", fake.endpoint().toString(), "--regions", "us-east-1,eu-west-1", "--format", "json",
                    "--data-dir", Files.createTempDirectory("cloudsweep-data").toString());

            assertThat(result.exitCode()).as(result.err()).isZero();
            JsonNode report = new ObjectMapper().readTree(result.out());
            Set<String> found = new TreeSet<>();
            report.get("findings").forEach(finding -> found.add(finding.get("resource_id").asText()));
            assertThat(found).contains("vol-0e41b7c2d9a3f0102", "snap-03f9a1c5e7b2d0201", "eipalloc-07c2e4a6b8d0f0401", "i-0a7c31e2b9d4f5002",
                    "i-0a7c31e2b9d4f5004", "analytics-old", "old-promo", "reports-replica", "eu-marketing").hasSize(27);
            assertThat(found).doesNotContain("vol-0e41b7c2d9a3f0105", "vol-0e41b7c2d9a3f0103", "snap-03f9a1c5e7b2d0203",
                    "i-0a7c31e2b9d4f5001", "web", "vol-0a63d9e4f1c5b2101");
            assertThat(fake.calls("sts:GetCallerIdentity")).isEqualTo(1);
        }
    }

    @Test
    void serveDemoAnswersReadyStopsCleanlyOnSigtermAndKeepsItsDataAcrossARestart() throws Exception {
        Path dataDir = Files.createTempDirectory("cloudsweep-serve");
        for (int run = 1; run <= 2; run++) {
            int port;
            try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
                port = socket.getLocalPort();
            }
            List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Dfile.encoding=UTF-8",
                    "-jar", JAR.toString(), "serve", "--demo", "--host", "127.0.0.1", "--port", String.valueOf(port), "--data-dir", dataDir.toString());
            Path log = Files.createTempFile("cloudsweep-serve", ".log");
            Process server = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            try {
                assertThat(waitForReady(port, server)).as(Files.readString(log)).isEqualTo(200);
            } finally {
                server.destroy();
            }
            assertThat(server.waitFor(30, TimeUnit.SECONDS)).as("stopped within 30 s of SIGTERM").isTrue();
            assertThat(dataDir.resolve("postgres").resolve("postmaster.pid")).as("PostgreSQL was shut down").doesNotExist();
            assertThat(Files.readString(log)).contains("CloudSweep is serving on http://127.0.0.1:" + port);
        }
        try (Database database = Database.open(DatabaseSettings.embedded(dataDir))) {
            List<Map<String, Object>> findings = database.jdbi().withHandle(handle -> handle.createQuery(
                    "SELECT first_scan_id, last_scan_id FROM findings").mapToMap().list());
            assertThat(findings).isNotEmpty().allSatisfy(row -> {
                assertThat(row.get("first_scan_id")).isEqualTo(1L);
                assertThat(row.get("last_scan_id")).isEqualTo(2L);
            });
        }
    }

    @Test
    @org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable(named = "CLOUDSWEEP_TEST_PG15_URL", matches = "jdbc:postgresql://.+")
    void serveWorksTheSameOnAnExternalPostgres15() throws Exception {
        int port;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path log = Files.createTempFile("cloudsweep-serve-pg15", ".log");
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Dfile.encoding=UTF-8",
                "-jar", JAR.toString(), "serve", "--host", "127.0.0.1", "--port", String.valueOf(port),
                "--data-dir", Files.createTempDirectory("cloudsweep-pg15-data").toString())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("CLOUDSWEEP_DB_URL", System.getenv("CLOUDSWEEP_TEST_PG15_URL"));
        builder.environment().put("CLOUDSWEEP_DB_USER", "postgres");
        builder.environment().put("CLOUDSWEEP_SECRET_KEY", io.cloudsweep.storage.SecretBox.newKey());
        Process server = builder.start();
        try {
            assertThat(waitForReady(port, server)).as(Files.readString(log)).isEqualTo(200);
        } finally {
            server.destroy();
        }
        assertThat(server.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(Files.readString(log)).contains("data: PostgreSQL at " + System.getenv("CLOUDSWEEP_TEST_PG15_URL"));
    }

    /** GET /readyz's status once it answers 200, or the last one seen when the server died or a minute passed. */
    private static int waitForReady(int port, Process server) throws InterruptedException {
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        int[] last = {0};
        try {
            return ServedJar.eventually(() -> {
                try {
                    last[0] = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + "/readyz")).build(),
                            java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode();
                } catch (IOException notYet) {
                    // not listening yet
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return last[0];
                }
                return last[0] == 200 || !server.isAlive() ? last[0] : null;
            }, java.time.Duration.ofSeconds(60), () -> "not ready");
        } catch (AssertionError notReady) {
            return last[0];
        }
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
