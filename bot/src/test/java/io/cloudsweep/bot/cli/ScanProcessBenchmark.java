package io.cloudsweep.bot.cli;

import io.cloudsweep.adapters.aws.bench.FakeAwsMain;
import io.cloudsweep.adapters.aws.fake.SyntheticCloud;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code cloudsweep scan} as a user runs it, a process from start to exit, on a small account (94 resources in 2 regions,
 * {@code -Dbench.runs} times) and on the scan benchmark's (9,996 in 17, {@code -Dbench.largeRuns} times), each behind the
 * loopback AWS in its own process (20 ms a call, AWS's rate buckets): the jar with its fast start (the class
 * archive its first run leaves, the quick compiler) beside the same jar with {@code CLOUDSWEEP_FAST_START=off}, run in
 * turns so both see the same machine. Prints the median and best wall time and peak RSS of each, and their ratio; asserts
 * nothing. The peak RSS is the scanning JVM's, read by {@code /usr/bin/time} where it is installed.
 */
public final class ScanProcessBenchmark {

    private static final Path JAR = Path.of(System.getProperty("cloudsweep.jar", "target/cloudsweep.jar"));
    private static final int RUNS = Integer.getInteger("bench.runs", 7);
    private static final int LARGE_RUNS = Integer.getInteger("bench.largeRuns", 3);
    private static final Path TIME = Path.of("/usr/bin/time");

    private ScanProcessBenchmark() {
    }

    private record Run(double seconds, long peakRssKb) {
    }

    public static void main(String[] args) throws Exception {
        account(94, "2", RUNS);
        account(10_000, String.valueOf(SyntheticCloud.DEFAULT_REGIONS.size()), LARGE_RUNS);
    }

    /** Both ways of running, in turns, on an account of about {@code resources} in {@code regions} regions. */
    private static void account(int resources, String regions, int runs) throws Exception {
        Process fake = new ProcessBuilder(java(), "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                FakeAwsMain.class.getName(), String.valueOf(resources), "20", String.valueOf(Instant.now().getEpochSecond()), regions)
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        Path home = Files.createTempDirectory("cloudsweep-bench-home");
        try {
            String[] ready = new BufferedReader(new InputStreamReader(fake.getInputStream(), StandardCharsets.UTF_8)).readLine().split(" ");
            Map<String, String> aws = Map.of("AWS_ENDPOINT_URL", "http://127.0.0.1:" + ready[1], "AWS_ACCESS_KEY_ID", "AKIABENCH",
                    "AWS_SECRET_ACCESS_KEY", "bench", "AWS_REGION", "us-east-1", "AWS_EC2_METADATA_DISABLED", "true");
            System.out.printf(Locale.ROOT, "scan as a process: %s resources in %s regions, 20 ms latency per call, AWS rate limits on%n",
                    ready[3], regions);
            Run first = scan(home, aws, true);
            System.out.printf(Locale.ROOT, "  first run, leaving the class archive: %.2f s%n", first.seconds());
            awaitArchive(home);
            List<Run> fast = new ArrayList<>();
            List<Run> plain = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                fast.add(scan(home, aws, true));
                plain.add(scan(home, aws, false));
            }
            double fastMedian = median(fast);
            double plainMedian = median(plain);
            print("fast start (the default)", fast);
            print("CLOUDSWEEP_FAST_START=off", plain);
            System.out.printf(Locale.ROOT, "  ratio fast/off: %.2f (wall, medians), %.2f (peak RSS, medians)%n", fastMedian / plainMedian,
                    (double) medianRss(fast) / Math.max(1, medianRss(plain)));
        } finally {
            fake.getOutputStream().close();
            fake.waitFor();
        }
    }

    private static Run scan(Path home, Map<String, String> aws, boolean fastStart) throws IOException, InterruptedException {
        Path rss = Files.createTempFile("cloudsweep-rss", ".txt");
        List<String> command = new ArrayList<>();
        if (Files.isExecutable(TIME)) {
            command.addAll(List.of(TIME.toString(), "-o", rss.toString(), "-f", "%M"));
        }
        command.addAll(List.of(java(), "-Duser.home=" + home, "-jar", JAR.toString(), "scan", "--data-dir", home.resolve("data").toString(),
                "--format", "csv"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        builder.environment().putAll(aws);
        builder.environment().put("CLOUDSWEEP_FAST_START", fastStart ? "on" : "off");
        long started = System.nanoTime();
        int code = builder.start().waitFor();
        double seconds = (System.nanoTime() - started) / 1e9;
        if (code != 0) {
            throw new IllegalStateException("scan exited with " + code);
        }
        String kb = Files.readString(rss).trim();
        Files.delete(rss);
        return new Run(seconds, kb.isEmpty() ? 0 : Long.parseLong(kb.lines().reduce((a, b) -> b).orElse("0").trim()));
    }

    /** The first run's JVM writes the archive after answering: waits for each writer named beside it to exit. */
    private static void awaitArchive(Path home) throws IOException {
        try (var files = Files.list(home.resolve(".cloudsweep").resolve("cds"))) {
            for (Path writer : files.filter(file -> file.toString().endsWith(".pid")).toList()) {
                ProcessHandle.of(Long.parseLong(Files.readString(writer).trim())).ifPresent(process -> process.onExit().join());
            }
        }
    }

    private static void print(String label, List<Run> runs) {
        double best = runs.stream().mapToDouble(Run::seconds).min().orElse(0);
        System.out.printf(Locale.ROOT, "  %-28s median %.2f s, best %.2f s, peak RSS median %d MB (%d runs)%n", label + ":", median(runs), best,
                medianRss(runs) / 1024, runs.size());
    }

    private static double median(List<Run> runs) {
        double[] seconds = runs.stream().mapToDouble(Run::seconds).sorted().toArray();
        return seconds[seconds.length / 2];
    }

    private static long medianRss(List<Run> runs) {
        long[] rss = runs.stream().mapToLong(Run::peakRssKb).sorted().toArray();
        return rss[rss.length / 2];
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
