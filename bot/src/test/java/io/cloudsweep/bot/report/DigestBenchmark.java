package io.cloudsweep.bot.report;

import io.cloudsweep.engine.report.Digest;
import io.cloudsweep.engine.report.Digests;
import io.cloudsweep.storage.Database;
import io.cloudsweep.storage.DatabaseSettings;
import io.cloudsweep.storage.Organizations;
import io.cloudsweep.storage.PostgresDecisions;
import io.cloudsweep.storage.PostgresReports;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The time to build a digest for an organization with 10,000 findings and 1,000 cleanups (a quarter of history:
 * findings first seen over 12 weeks, cleanups done, undone, failed; open waste recorded every day), beside the time to
 * list its open findings (what {@code findings} reads) measured in the same run. Embedded PostgreSQL, warm after a few
 * rounds. Prints figures; asserts nothing.
 * {@code mvn -q -Pbench verify -pl engine,storage,adapters/aws,adapters/slack,adapters/teams,bot -DskipTests -Dbench.skipSlack=true}
 */
public final class DigestBenchmark {

    private static final int FINDINGS = 10_000;
    private static final int CLEANUPS = 1_000;
    private static final int ROUNDS = 20;

    private DigestBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("cloudsweep-digest-bench");
        try (Database database = Database.open(DatabaseSettings.embedded(dir))) {
            database.migrate();
            long organization = new Organizations(database).console().id();
            long started = System.nanoTime();
            fill(database, organization);
            System.out.printf("history: %,d findings, %,d cleanups, 85 days of waste points, written in %.1f s%n", FINDINGS, CLEANUPS,
                    (System.nanoTime() - started) / 1e9);
            PostgresReports reports = new PostgresReports(database);
            Digests digests = new Digests(reports, reports, Clock.systemUTC());
            TrendChart chart = new TrendChart();
            PostgresDecisions findings = new PostgresDecisions(database);

            List<Long> weekly = new ArrayList<>();
            List<Long> monthly = new ArrayList<>();
            List<Long> charts = new ArrayList<>();
            List<Long> listing = new ArrayList<>();
            int bytes = 0;
            for (int round = 0; round < ROUNDS; round++) {
                Digest[] built = new Digest[1];
                weekly.add(time(() -> built[0] = digests.build(organization, Digest.Scope.WEEK, ZoneOffset.UTC)));
                monthly.add(time(() -> digests.build(organization, Digest.Scope.MONTH, ZoneOffset.UTC)));
                byte[][] png = new byte[1][];
                charts.add(time(() -> png[0] = chart.png(built[0].trend(), 640, 300)));
                bytes = png[0].length;
                listing.add(time(() -> findings.open(organization, Optional.empty(), BigDecimal.ZERO)));
            }
            System.out.printf("weekly digest (queries and figures): %s%n", summary(weekly));
            System.out.printf("monthly report (and its cleanups):   %s%n", summary(monthly));
            System.out.printf("chart, 640x300 PNG:                  %s, %,d bytes%n", summary(charts), bytes);
            System.out.printf("reference, listing the open findings: %s%n", summary(listing));
            System.out.printf("weekly digest with its chart / listing: %.2f (medians)%n",
                    (median(weekly) + median(charts)) / (double) median(listing));
        }
    }

    /** Findings first seen over 12 weeks; a tenth cleaned up (one in ten of those undone, one in twenty failed); a point a day. */
    private static void fill(Database database, long organization) {
        database.jdbi().useTransaction(handle -> {
            handle.createUpdate("""
                    INSERT INTO findings (organization_id, account_id, region, resource_type, resource_id, resource_arn, rule_id, status,
                                          first_seen, last_seen, monthly_cost_usd, risk, confidence, action, reason, snoozed_until, resolved_at)
                    SELECT :org, '123456789012', 'us-east-1', 'ebs_volume', 'vol-' || i, 'arn:aws:ec2:us-east-1:123456789012:volume/vol-' || i,
                           'ebs-unattached',
                           CASE WHEN i <= :cleanups THEN 'cleaned' WHEN i % 50 = 0 THEN 'snoozed' WHEN i % 7 = 0 THEN 'resolved' ELSE 'open' END,
                           now() - (i % 84) * interval '1 day', now(), (i % 400) + 0.5,
                           CASE WHEN i % 10 = 0 THEN 'high' WHEN i % 3 = 0 THEN 'medium' ELSE 'low' END, 'high', 'delete_volume', 'unattached',
                           CASE WHEN i % 50 = 0 AND i > :cleanups THEN now() + (i % 14) * interval '1 day' END,
                           CASE WHEN i % 7 = 0 AND i > :cleanups THEN now() - (i % 30) * interval '1 day' END
                    FROM generate_series(1, :findings) AS i""").bind("org", organization).bind("findings", FINDINGS).bind("cleanups", CLEANUPS)
                    .execute();
            handle.createUpdate("""
                    INSERT INTO cleanups (organization_id, finding_id, state, dry_run, created_at, updated_at, done_at, undone_at,
                                          monthly_saving_usd, error)
                    SELECT :org, f.id, CASE WHEN n % 20 = 0 THEN 'failed' WHEN n % 10 = 0 THEN 'rolled_back' ELSE 'done' END, false,
                           now() - (n % 80) * interval '1 day', now() - (n % 80) * interval '1 day' + interval '1 hour',
                           CASE WHEN n % 20 <> 0 THEN now() - (n % 80) * interval '1 day' + interval '1 hour' END,
                           CASE WHEN n % 10 = 0 AND n % 20 <> 0 THEN now() - (n % 80) * interval '1 day' + interval '3 days' END,
                           f.monthly_cost_usd, CASE WHEN n % 20 = 0 THEN 'UnauthorizedOperation' END
                    FROM (SELECT id, monthly_cost_usd, row_number() OVER (ORDER BY id) AS n FROM findings WHERE status = 'cleaned') f""")
                    .bind("org", organization).execute();
            handle.createUpdate("""
                    INSERT INTO decisions (organization_id, finding_id, chat_user_id, decision, role, created_at)
                    SELECT :org, id, 'U0ANA', 'approve', 'admin', now() - interval '5 days' FROM findings
                    WHERE organization_id = :org AND risk = 'high' AND status = 'open' AND id % 3 = 0""").bind("org", organization).execute();
            handle.createUpdate("""
                    INSERT INTO waste_history (organization_id, at, open_findings, open_monthly_usd)
                    SELECT :org, now() - d * interval '1 day', 8000 - d * 10, 1500000 - d * 1000 FROM generate_series(1, 85) AS d""")
                    .bind("org", organization).execute();
            handle.execute("ANALYZE");
        });
    }

    private static long time(Runnable work) {
        long started = System.nanoTime();
        work.run();
        return System.nanoTime() - started;
    }

    private static long time(Supplier<?> work) {
        return time(() -> {
            work.get();
        });
    }

    private static long median(List<Long> nanos) {
        List<Long> sorted = new ArrayList<>(nanos.subList(5, nanos.size()));
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    /** Median and max of the rounds after the first five (the JIT's warm-up), in milliseconds. */
    private static String summary(List<Long> nanos) {
        List<Long> warm = nanos.subList(5, nanos.size());
        return String.format("median %.1f ms, max %.1f ms (%d warm rounds; first round %.1f ms)", median(nanos) / 1e6,
                Collections.max(warm) / 1e6, warm.size(), nanos.get(0) / 1e6);
    }
}
