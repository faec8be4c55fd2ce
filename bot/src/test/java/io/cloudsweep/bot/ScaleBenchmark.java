package io.cloudsweep.bot;

import io.cloudsweep.adapters.aws.AwsOptions;
import io.cloudsweep.bot.jobs.JobScheduler;
import io.cloudsweep.engine.model.Account;
import io.cloudsweep.engine.report.Digest;
import io.cloudsweep.engine.report.Digests;
import io.cloudsweep.engine.scan.ScanListener;
import io.cloudsweep.engine.scan.ScanReport;
import io.cloudsweep.engine.scan.ScanRequest;
import io.cloudsweep.engine.store.FindingFilter;
import io.cloudsweep.engine.store.Organization;
import io.cloudsweep.storage.AwsAccounts;
import io.cloudsweep.storage.Database;
import io.cloudsweep.storage.DatabaseSettings;
import io.cloudsweep.storage.Organizations;
import io.cloudsweep.storage.PostgresDecisions;
import io.cloudsweep.storage.PostgresFindingStore;
import io.cloudsweep.storage.PostgresPriceCache;
import io.cloudsweep.storage.PostgresReports;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Scale: 100 accounts of 17 regions with 1,000 resources in each (1.7 million resources), connected through roles to one
 * organization, scanned through the loopback AWS (in its own process, AWS's rate buckets per account on, every account a
 * mirror of one generated world) as a scheduled scan would: the scan's wall time, this JVM's peak heap and RSS, the time
 * to store its findings, the database's size, then the times of the findings list, the API's first page, the App Home and
 * the weekly digest on that database, with the plans of their main queries. Prints figures; asserts nothing. Sizes:
 * {@code -Dbench.accounts=100 -Dbench.perRegion=1000}.
 * {@code mvn -q -Pbench verify -pl engine,storage,adapters/aws,adapters/slack,adapters/teams,bot -DskipTests} (the other
 * benchmarks skipped with their {@code -Dbench.skip…=true}).
 */
public final class ScaleBenchmark {

    private static final int ACCOUNTS = Integer.getInteger("bench.accounts", 100);
    private static final int PER_REGION = Integer.getInteger("bench.perRegion", 1_000);
    private static final int REGIONS = 17;
    private static final int ROUNDS = 5;

    private ScaleBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        FakeAwsProcess.main("-Xmx2g", 0, List.of(String.valueOf(PER_REGION * REGIONS), "0", String.valueOf(now.getEpochSecond()), String.valueOf(REGIONS),
                "mirror"), ScaleBenchmark::run);
    }

    private static void run(URI endpoint, int perAccount) throws Exception {
        Clock clock = Clock.systemUTC();
        Path dir = Files.createTempDirectory("cloudsweep-scale-bench");
        EngineSettings settings = EngineSettings.load(null);
        try (Database database = Database.open(DatabaseSettings.embedded(dir))) {
            database.migrate();
            Organization organization = new Organizations(database).ensure(Organization.Platform.SLACK, "T0SCALE", "Scale");
            AwsAccounts connected = new AwsAccounts(database, clock);
            List<Account> accounts = new ArrayList<>();
            for (int i = 0; i < ACCOUNTS; i++) {
                String id = String.format("%012d", 200_000_000_000L + i);
                connected.connect(organization.id(), id, "scale-" + i, Optional.of("arn:aws:iam::" + id + ":role/CloudSweep"),
                        Optional.of("cs-scale-" + i), false);
                accounts.add(new Account(id, "scale-" + i));
            }
            System.out.printf("scale: %d accounts x %d regions x %,d resources = %,d resources, through roles, one organization%n",
                    ACCOUNTS, REGIONS, perAccount / REGIONS, (long) ACCOUNTS * perAccount);

            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                pool.resetPeakUsage();
            }
            ScanReport report;
            long scanStarted = System.nanoTime();
            try (Clouds clouds = new Clouds(AwsOptions.defaults().withEndpoint(endpoint)
                    .withCredentials(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIAFAKESCALEBENCH", "secret"))),
                    Optional.empty(), connected, new PostgresPriceCache(database), clock)) {
                int tenth = Math.max(1, ACCOUNTS * REGIONS / 10);
                ScanListener progress = seen -> {
                    if (seen.regionsDone() % tenth == 0) {
                        System.out.printf("  %5.0f s: %,d of %,d regions, %,d resources, %,d findings%n", (System.nanoTime() - scanStarted) / 1e9,
                                seen.regionsDone(), seen.regionsTotal(), seen.resourcesSeen(), seen.findings());
                    }
                };
                report = settings.scanService(clouds, clock).scan(ScanRequest.allRegions(accounts, "bench"), progress);
            }
            double scanSeconds = (System.nanoTime() - scanStarted) / 1e9;
            long peakHeap = peakHeap();
            System.out.printf("scan: %.1f s wall for %,d resources (%,.0f a second), %,d findings, %d regions failed, %d accounts failed;"
                            + " peak heap %,d MB, peak RSS %,d MB%n", scanSeconds, report.resourcesScanned(),
                    report.resourcesScanned() / scanSeconds, report.findings().size(), report.failedRegions().size(),
                    report.failedAccounts().size(), peakHeap >> 20, peakRssKb() >> 10);
            report.failedRegions().stream().limit(3).forEach(failed -> System.out.println("  failed: " + failed));

            long storeStarted = System.nanoTime();
            new PostgresFindingStore(database).save(organization, report);
            System.out.printf("store: %.1f s to save the scan's findings%n", (System.nanoTime() - storeStarted) / 1e9);
            report = null;
            database.jdbi().useHandle(handle -> handle.execute("VACUUM ANALYZE"));
            database.jdbi().useHandle(handle -> {
                long size = handle.createQuery("SELECT pg_database_size(current_database())").mapTo(Long.class).one();
                long findings = handle.createQuery("SELECT count(*) FROM findings").mapTo(Long.class).one();
                long findingsSize = handle.createQuery("SELECT pg_total_relation_size('findings')").mapTo(Long.class).one();
                System.out.printf("database: %,d MB in all; findings: %,d rows, %,d MB with their indexes (%,d bytes a finding)%n",
                        size >> 20, findings, findingsSize >> 20, findings == 0 ? 0 : findingsSize / findings);
            });

            queries(database, settings, clock, organization);
        }
    }

    private static void queries(Database database, EngineSettings settings, Clock clock, Organization organization) throws Exception {
        PostgresDecisions decisions = new PostgresDecisions(database);
        PostgresReports reports = new PostgresReports(database);
        Digests digests = new Digests(reports, reports, clock);
        FindingFilter all = new FindingFilter(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), BigDecimal.ZERO);
        time("findings list, first page (`findings`: grouped by rule, costliest first)", () -> decisions.openPage(organization.id(),
                Optional.empty(), BigDecimal.ZERO, Optional.empty(), 0, 8).total() + " in all");
        time("after a scan: its low-risk counts, first page and CSV (the first " + io.cloudsweep.engine.chat.CommandInterpreter.CSV_ROWS + ")",
                () -> decisions.openLowRiskByRule(organization.id()).size() + " rules with low-risk findings, " + decisions.openPage(organization.id(),
                        Optional.empty(), BigDecimal.ZERO, Optional.empty(), 0, io.cloudsweep.engine.chat.CommandInterpreter.CSV_ROWS).findings().size()
                        + " findings read");
        time("every open finding, read whole (what a scan's summary and CSV read before)",
                () -> decisions.open(organization.id(), Optional.empty(), BigDecimal.ZERO).size() + " findings");
        time("API first page (GET /api/v1/findings)", () -> decisions.page(organization.id(), all, 0, 50).size() + " findings");
        time("weekly digest", () -> digests.build(organization.id(), Digest.Scope.WEEK, ZoneOffset.UTC).top().size() + " findings called out");
        try (Clouds clouds = new Clouds(AwsOptions.defaults(), Optional.empty(), new AwsAccounts(database, clock), new PostgresPriceCache(database),
                clock); Sweeper sweeper = Sweeper.start(database, settings, clouds, clock, new JobScheduler.Options("scale", 1, Duration.ofSeconds(7)))) {
            time("App Home (the dashboard's cards)", () -> sweeper.dashboard(organization).size() + " cards");
        }

        String open = "SELECT * FROM findings WHERE organization_id = " + organization.id()
                + " AND status IN ('open', 'failed', 'rolled_back') AND COALESCE(monthly_cost_usd, 0) >= 0"
                + " ORDER BY monthly_cost_usd DESC NULLS LAST, id";
        plan(database, "every open finding", open);
        plan(database, "findings list, first page", "WITH matched AS (SELECT id, rule_id, monthly_cost_usd FROM findings"
                + " WHERE organization_id = " + organization.id() + " AND status IN ('open', 'failed', 'rolled_back')"
                + " AND COALESCE(monthly_cost_usd, 0) >= 0),"
                + " totals AS (SELECT rule_id AS total_rule, sum(COALESCE(monthly_cost_usd, 0)) AS rule_total FROM matched GROUP BY rule_id),"
                + " page AS (SELECT m.id AS page_id, t.rule_total FROM matched m JOIN totals t ON t.total_rule = m.rule_id"
                + " ORDER BY t.rule_total DESC, m.rule_id, COALESCE(m.monthly_cost_usd, 0) DESC, m.monthly_cost_usd DESC NULLS LAST, m.id LIMIT 8)"
                + " SELECT findings.* FROM findings JOIN page ON findings.id = page.page_id ORDER BY page.rule_total DESC");
        plan(database, "the App Home's costliest", "SELECT * FROM findings WHERE organization_id = " + organization.id()
                + " AND status IN ('open', 'failed', 'rolled_back') ORDER BY monthly_cost_usd DESC NULLS LAST, id LIMIT 10");
        plan(database, "API first page", "SELECT * FROM findings WHERE organization_id = " + organization.id()
                + " AND id > 0 ORDER BY id LIMIT 51");
        plan(database, "digest's open waste", "SELECT count(*), COALESCE(sum(monthly_cost_usd), 0) FROM findings WHERE organization_id = "
                + organization.id() + " AND status IN ('open', 'failed', 'rolled_back')");
    }

    /** Runs {@code query} once to warm up, then {@link #ROUNDS} times; prints the median and the worst. */
    private static void time(String what, Supplier<String> query) {
        String result = query.get();
        List<Long> millis = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            long started = System.nanoTime();
            query.get();
            millis.add((System.nanoTime() - started) / 1_000_000);
        }
        Collections.sort(millis);
        System.out.printf("%s: median %,d ms, worst %,d ms (%s)%n", what, millis.get(ROUNDS / 2), millis.get(ROUNDS - 1), result);
    }

    private static void plan(Database database, String what, String sql) {
        List<String> plan = database.jdbi().withHandle(handle -> handle.createQuery("EXPLAIN (ANALYZE, COSTS OFF) " + sql)
                .mapTo(String.class).list());
        System.out.println("plan, " + what + ":");
        plan.forEach(line -> System.out.println("    " + line));
    }

    private static long peakHeap() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak;
    }

    /** This JVM's peak resident set (VmHWM), in kB; 0 where /proc is not there. */
    private static long peakRssKb() throws IOException {
        Path status = Path.of("/proc/self/status");
        if (!Files.exists(status)) {
            return 0;
        }
        return Files.readAllLines(status).stream().filter(line -> line.startsWith("VmHWM:"))
                .map(line -> Long.parseLong(line.replaceAll("[^0-9]", ""))).findFirst().orElse(0L);
    }
}
