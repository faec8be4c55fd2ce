package io.cloudsweep.adapters.aws.bench;

import io.cloudsweep.adapters.aws.AwsCloud;
import io.cloudsweep.adapters.aws.AwsOptions;
import io.cloudsweep.engine.approval.RiskPolicy;
import io.cloudsweep.engine.config.Settings;
import io.cloudsweep.engine.model.Account;
import io.cloudsweep.engine.model.MetricData;
import io.cloudsweep.engine.model.MetricQuery;
import io.cloudsweep.engine.model.Region;
import io.cloudsweep.engine.model.RegionInventory;
import io.cloudsweep.engine.pricing.PriceBook;
import io.cloudsweep.engine.pricing.Pricer;
import io.cloudsweep.engine.rules.Protection;
import io.cloudsweep.engine.rules.RuleSet;
import io.cloudsweep.engine.scan.CloudInventory;
import io.cloudsweep.engine.scan.ScanListener;
import io.cloudsweep.engine.scan.ScanReport;
import io.cloudsweep.engine.scan.ScanRequest;
import io.cloudsweep.engine.scan.ScanService;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * The scan benchmark: 10,000 resources over 17 regions behind the loopback fake (in its own
 * process, so the scanner is measured alone) with 20 ms latency per call and AWS's token buckets (EC2
 * Describe* 100 burst, 20/s per region; GetMetricData 50/s). Prints the wall time of a cold scan (a fresh
 * JVM with no class archive, as the server's first scan; with the quick compiler only, as the container runs it, or every tier) and of a warm one (the server's next scheduled scan) and of the scans after it
 * ({@code -Dbench.warmScans} in all), the two beside a {@link MachineReference} run before and after them, calls per
 * API, throttling errors, the scanner's peak heap, its CPU and the JIT's share of it, the fake's CPU, and the calls a one-GetMetricStatistics-per-resource-
 * per-metric design would make. Run with {@code mvn -q -Pbench verify -pl engine,adapters/aws -DskipTests}.
 * Prints figures; asserts nothing.
 */
public final class ScanBenchmark {

    static final String ACCOUNT_ID = "777788889999";
    private static final int RESOURCES = Integer.getInteger("bench.resources", 10_000);
    private static final int LATENCY_MS = Integer.getInteger("bench.latencyMs", 20);
    private static final int WARM_SCANS = Integer.getInteger("bench.warmScans", 4);

    private ScanBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Process fake = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-Dsun.net.httpserver.nodelay=" + System.getProperty("sun.net.httpserver.nodelay", "true"),
                "-cp", System.getProperty("java.class.path"), FakeAwsMain.class.getName(),
                String.valueOf(RESOURCES), String.valueOf(LATENCY_MS), String.valueOf(now.getEpochSecond()))
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            String[] ready = new BufferedReader(new InputStreamReader(fake.getInputStream(), StandardCharsets.UTF_8)).readLine().split(" ");
            run(URI.create("http://127.0.0.1:" + ready[1]), Integer.parseInt(ready[3]), now, fake.toHandle());
        } finally {
            fake.getOutputStream().close();
            fake.waitFor();
        }
    }

    private static void run(URI endpoint, int resources, Instant now, ProcessHandle fake) throws Exception {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            pool.resetPeakUsage();
        }
        double referenceBefore = MachineReference.seconds();
        AtomicLong metricQueries = new AtomicLong();
        Duration fakeBefore = cpu(fake);
        Scan cold = scan(endpoint, now, metricQueries);
        Duration fakeCold = cpu(fake).minus(fakeBefore);
        long peakHeap = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(pool -> pool.getType() == MemoryType.HEAP)
                .mapToLong(pool -> pool.getPeakUsage().getUsed())
                .sum();
        long cpu = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
        long jit = ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
        String stats = HttpClient.newHttpClient().send(HttpRequest.newBuilder(endpoint.resolve("/_stats")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Duration fakeBeforeWarm = cpu(fake);
        Scan warm = scan(endpoint, now, new AtomicLong());
        Duration fakeWarm = cpu(fake).minus(fakeBeforeWarm);
        long warmCpu = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime() - cpu;
        long warmJit = ManagementFactory.getCompilationMXBean().getTotalCompilationTime() - jit;
        List<Double> later = new ArrayList<>();
        for (int i = 1; i < WARM_SCANS; i++) {
            later.add(scan(endpoint, now, new AtomicLong()).seconds());
        }

        double referenceAfter = MachineReference.seconds();
        double reference = (referenceBefore + referenceAfter) / 2;

        int metricCalls = stats.lines().filter(line -> line.startsWith("cloudwatch:GetMetricData "))
                .mapToInt(line -> Integer.parseInt(line.split(" ")[1])).sum();
        System.out.printf(Locale.ROOT, "resources: %d in %d regions, %d ms latency per call, AWS rate limits on%n",
                resources, cold.report().regions().size(), LATENCY_MS);
        System.out.println("compilers: " + compilers());
        System.out.printf(Locale.ROOT, "cold scan (fresh JVM, no class archive: the server's first scan; `cloudsweep scan` as a process"
                + " is timed by the scan-as-a-process benchmark): %.2f s wall%n", cold.seconds());
        System.out.printf(Locale.ROOT, "warm scan (same JVM again, like the server's next scan): %.2f s wall%n", warm.seconds());
        System.out.printf(Locale.ROOT, "machine reference (a fresh JVM on the same compilers, javac compiling 200 generated classes; "
                + "run before the cold scan and after the last): %.2f s and %.2f s, so the cold scan took %.2f and the warm %.2f times the"
                + " reference%n", referenceBefore, referenceAfter, cold.seconds() / reference, warm.seconds() / reference);
        if (!later.isEmpty()) {
            System.out.println("the scans after it (the JIT still compiling the second): " + later.stream()
                    .map(seconds -> String.format(Locale.ROOT, "%.2f s", seconds)).collect(Collectors.joining(", ")));
        }
        System.out.printf(Locale.ROOT, "findings: %d, failed regions: %d, resources scanned: %d%n",
                cold.report().findings().size(), cold.report().failedRegions().size(), cold.report().resourcesScanned());
        System.out.printf(Locale.ROOT, "scanner peak heap during the cold scan: %.1f MB (max heap %d MB)%n",
                peakHeap / 1048576.0, Runtime.getRuntime().maxMemory() / 1048576);
        System.out.printf(Locale.ROOT, "scanner CPU during the cold scan: %.1f s; the compiler threads' time compiling: %.1f s%n", cpu / 1e9, jit / 1e3);
        System.out.printf(Locale.ROOT, "scanner CPU during the warm scan: %.1f s; the compiler threads' time compiling: %.1f s%n", warmCpu / 1e9, warmJit / 1e3);
        System.out.printf(Locale.ROOT, "the fake AWS's CPU (same machine, its own process): %.1f s in the cold scan, %.1f s in the warm%n",
                fakeCold.toMillis() / 1e3, fakeWarm.toMillis() / 1e3);
        System.out.print("calls per API in the cold scan (counted by the fake):\n"
                + stats.lines().map(line -> "  " + line + "\n").reduce("", String::concat));
        System.out.printf(Locale.ROOT, "GetMetricData: %d calls for %d metric queries = %.1f calls per 1,000 resources%n",
                metricCalls, metricQueries.get(), metricCalls * 1000.0 / resources);
        System.out.printf(Locale.ROOT, "a GetMetricStatistics-per-resource-per-metric design would make %d calls%n", metricQueries.get());
    }

    /**
     * This JVM's compilers, for a benchmark's first line. The server runs with the quick compiler only (the Dockerfile);
     * {@code -Dbench.jit} chooses, so both can be measured. The bot's benchmarks print it too.
     */
    public static String compilers() {
        return ManagementFactory.getRuntimeMXBean().getInputArguments().contains("-XX:TieredStopAtLevel=1")
                ? "C1 only (-XX:TieredStopAtLevel=1), as the container runs the server" : "every tier (C1 and C2), the JVM's default";
    }

    private static Duration cpu(ProcessHandle process) {
        return process.info().totalCpuDuration().orElse(Duration.ZERO);
    }

    private record Scan(ScanReport report, double seconds) {
    }

    private static Scan scan(URI endpoint, Instant now, AtomicLong metricQueries) {
        long started = System.nanoTime();
        try (AwsCloud cloud = AwsCloud.connect(AwsOptions.defaults().withEndpoint(endpoint)
                .withCredentials(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIABENCH", "bench"))))) {
            CloudInventory counted = new CountingInventory(cloud, metricQueries);
            ScanService service = new ScanService(counted, RuleSet.standard(Settings.empty()), new Pricer(PriceBook.embedded()),
                    new RiskPolicy(RiskPolicy.Parameters.defaults()), Protection.from(Settings.empty()), Clock.fixed(now, ZoneOffset.UTC),
                    ScanService.REGIONS_AT_ONCE);
            ScanReport report = service.scan(ScanRequest.allRegions(List.of(cloud.account()), "benchmark"), ScanListener.NONE);
            return new Scan(report, (System.nanoTime() - started) / 1e9);
        }
    }

    /** Counts the metric queries the rules asked for: what a per-resource design would send one call each. */
    private record CountingInventory(AwsCloud cloud, AtomicLong queries) implements CloudInventory {
        @Override
        public List<Region> enabledRegions(Account account) {
            return cloud.enabledRegions(account);
        }

        @Override
        public RegionInventory describe(Account account, Region region) {
            return cloud.describe(account, region);
        }

        @Override
        public MetricData metrics(Account account, Region region, List<MetricQuery> asked, Instant now) {
            queries.addAndGet(asked.size());
            return cloud.metrics(account, region, asked, now);
        }
    }
}
