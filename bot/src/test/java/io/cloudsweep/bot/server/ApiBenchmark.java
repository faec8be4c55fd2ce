package io.cloudsweep.bot.server;

import io.cloudsweep.engine.approval.Role;
import io.cloudsweep.engine.chat.ChatListener;
import io.cloudsweep.storage.Database;
import io.cloudsweep.storage.DatabaseSettings;
import io.cloudsweep.storage.IdempotencyKeys;
import io.cloudsweep.storage.Organizations;
import io.cloudsweep.storage.PostgresApiKeys;
import io.cloudsweep.storage.PostgresDecisions;
import io.cloudsweep.storage.RateLimits;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code GET /api/v1/findings} on an organization with 100,000 findings (and another with 20,000 beside it), at a steady
 * 40 requests a second for 20 seconds: first pages, filtered pages and pages deep in the cursor. Beside it, in the same
 * run and at the same rate, {@code GET /healthz} on the same server, the reference. Prints p50, p99 and max, and the
 * plans PostgreSQL chooses for the pages' queries; asserts nothing.
 * {@code mvn -q -Pbench verify -pl engine,storage,adapters/aws,adapters/slack,adapters/teams,bot -DskipTests -Dbench.skipScan=true -Dbench.skipSlack=true -Dbench.skipDigest=true}
 */
public final class ApiBenchmark {

    private static final int FINDINGS = 100_000;
    private static final int RATE = 40;
    private static final int SECONDS = 20;
    private static final Pattern CURSOR = Pattern.compile("\"next_cursor\":\"([^\"]+)\"");

    private ApiBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("cloudsweep-api-bench");
        try (Database database = Database.open(DatabaseSettings.embedded(dir))) {
            database.migrate();
            Organizations organizations = new Organizations(database);
            long acme = organizations.ensure(io.cloudsweep.engine.store.Organization.Platform.SLACK, "T-ACME", "Acme").id();
            long other = organizations.ensure(io.cloudsweep.engine.store.Organization.Platform.SLACK, "T-OTHER", "Other").id();
            long started = System.nanoTime();
            fill(database, acme, FINDINGS);
            fill(database, other, FINDINGS / 5);
            database.jdbi().useHandle(handle -> handle.execute("ANALYZE"));
            System.out.printf("%,d findings (and %,d of another organization) written in %.1f s%n", FINDINGS, FINDINGS / 5,
                    (System.nanoTime() - started) / 1e9);
            PostgresApiKeys keys = new PostgresApiKeys(database);
            String key = keys.create(acme, "bench", Role.VIEWER, "U0BENCH").orElseThrow().key();
            ApiV1 api = new ApiV1(ApiV1.Stores.in(database, new PostgresDecisions(database), Clock.systemUTC()),
                    new ApiV1.Limits(new RateLimits.Limit(1_000_000, 100_000), new RateLimits.Limit(1_000_000, 100_000)), null, ChatListener.NONE,
                    id -> null, Clock.systemUTC());
            try (BotServer server = BotServer.start("127.0.0.1", 0, database, api.routes(), Optional.empty())) {
                String base = "http://127.0.0.1:" + server.port();
                HttpClient http = HttpClient.newHttpClient();
                String deep = deepCursor(http, base, key);
                List<String> paths = List.of("/api/v1/findings", "/api/v1/findings?limit=200", "/api/v1/findings?status=open&min_cost=100",
                        "/api/v1/findings?region=eu-west-1&rule=ebs-snapshot-old", "/api/v1/findings?cursor=" + deep);
                measure(http, base, key, paths, 5); // warm-up
                List<Long> api1 = measure(http, base, key, paths, SECONDS);
                List<Long> health = measure(http, base, null, List.of("/healthz"), SECONDS);
                System.out.printf("GET /api/v1/findings at %d/s for %d s: %s%n", RATE, SECONDS, summary(api1));
                System.out.printf("reference, GET /healthz at %d/s:      %s%n", RATE, summary(health));
                System.out.printf("p50 ratio findings / healthz: %.1f%n", percentile(api1, 50) / (double) percentile(health, 50));
            }
            plans(database, acme);
        }
    }

    /** Findings over 17 regions and 6 rules, a fifth not open, costs from $0.50 to $500. */
    public static void fill(Database database, long organization, int count) {
        database.jdbi().useHandle(handle -> handle.createUpdate("""
                INSERT INTO findings (organization_id, account_id, region, resource_type, resource_id, resource_arn, rule_id, status,
                                      first_seen, last_seen, monthly_cost_usd, risk, confidence, action, reason, evidence, tags)
                SELECT :org, lpad((100000000000 + i % 5)::text, 12, '0'),
                       (ARRAY['us-east-1','us-east-2','us-west-1','us-west-2','eu-west-1','eu-west-2','eu-west-3','eu-central-1','eu-north-1',
                              'ap-south-1','ap-northeast-1','ap-northeast-2','ap-northeast-3','ap-southeast-1','ap-southeast-2','ca-central-1',
                              'sa-east-1'])[1 + i % 17],
                       'ebs_volume', 'vol-' || :org || '-' || i, 'arn:aws:ec2:us-east-1:123456789012:volume/vol-' || i,
                       (ARRAY['ebs-unattached','ebs-snapshot-old','ebs-gp2-to-gp3','eip-unassociated','ec2-idle','elb-idle'])[1 + i % 6],
                       CASE WHEN i % 5 = 0 THEN 'resolved' ELSE 'open' END, now() - (i % 90) * interval '1 day', now(), (i % 1000) * 0.5 + 0.5,
                       'low', 'high', 'delete_volume', 'unattached', '{"size_gib": "100", "state": "available"}', '{"team": "data"}'
                FROM generate_series(1, :count) AS i""").bind("org", organization).bind("count", count).execute());
    }

    private static String deepCursor(HttpClient http, String base, String key) throws Exception {
        String path = "/api/v1/findings?limit=200";
        String cursor = null;
        for (int page = 0; page < 400; page++) {
            String body = http.send(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + key).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            Matcher next = CURSOR.matcher(body);
            if (!next.find()) {
                break;
            }
            cursor = next.group(1);
            path = "/api/v1/findings?limit=200&cursor=" + cursor;
        }
        return cursor;
    }

    /** Requests at {@link #RATE} a second, each path in turn, for {@code seconds}: each one's latency, in microseconds. */
    private static List<Long> measure(HttpClient http, String base, String key, List<String> paths, int seconds) throws Exception {
        ExecutorService senders = Executors.newFixedThreadPool(8);
        List<Future<Long>> sent = new ArrayList<>();
        long start = System.nanoTime();
        long intervalNanos = 1_000_000_000L / RATE;
        for (int i = 0; i < RATE * seconds; i++) {
            long due = start + i * intervalNanos;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            String path = paths.get(i % paths.size());
            sent.add(senders.submit(() -> {
                HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path));
                if (key != null) {
                    request.header("Authorization", "Bearer " + key);
                }
                long begun = System.nanoTime();
                HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() != 200) {
                    throw new IllegalStateException(path + " answered " + response.statusCode() + ": " + response.body());
                }
                return (System.nanoTime() - begun) / 1000;
            }));
        }
        List<Long> latencies = new ArrayList<>();
        for (Future<Long> one : sent) {
            latencies.add(one.get());
        }
        senders.shutdown();
        Collections.sort(latencies);
        return latencies;
    }

    private static void plans(Database database, long organization) {
        String page = """
                SELECT id FROM findings WHERE organization_id = %d AND id > %s
                  AND (CAST(%s AS text) IS NULL OR region = %s) AND (CAST(%s AS text) IS NULL OR rule_id = %s)
                  AND (CAST(%s AS text) IS NULL OR status = %s) AND (%s = 0 OR monthly_cost_usd >= %s)
                ORDER BY id LIMIT 51""";
        List<String[]> cases = List.of(
                new String[]{"first page", "0", "NULL", "NULL", "NULL", "0"},
                new String[]{"deep cursor", "(SELECT max(id) - 1000 FROM findings WHERE organization_id = " + organization + ")", "NULL", "NULL", "NULL", "0"},
                new String[]{"filtered (region, rule)", "0", "'eu-west-1'", "'ebs-snapshot-old'", "NULL", "0"},
                new String[]{"filtered (open, min cost)", "0", "NULL", "NULL", "'open'", "100"});
        for (String[] c : cases) {
            String sql = String.format(page, organization, c[1], c[2], c[2], c[3], c[3], c[4], c[4], c[5], c[5]);
            List<String> plan = database.jdbi().withHandle(handle -> handle.createQuery("EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) " + sql)
                    .mapTo(String.class).list());
            System.out.println("plan, " + c[0] + ":");
            plan.forEach(line -> System.out.println("    " + line));
        }
    }

    private static long percentile(List<Long> sorted, int p) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }

    private static String summary(List<Long> sorted) {
        return String.format("p50 %.1f ms, p99 %.1f ms, max %.1f ms over %d requests", percentile(sorted, 50) / 1000.0,
                percentile(sorted, 99) / 1000.0, sorted.get(sorted.size() - 1) / 1000.0, sorted.size());
    }
}
