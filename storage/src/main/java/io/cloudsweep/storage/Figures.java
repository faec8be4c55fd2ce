package io.cloudsweep.storage;

import org.jdbi.v3.core.Jdbi;

import java.math.BigDecimal;
import java.util.Map;
import java.util.TreeMap;

/**
 * The figures an operator's dashboard reads from the database, across organizations: open findings and their cost a
 * month by rule, what real cleanups now save a month, real cleanups by how they ended, and the notification backlog.
 * Counts and sums only: no organization, account, resource or tag. Thread-safe.
 */
public final class Figures {

    /** Open findings of one rule and what they cost a month. */
    public record RuleWaste(long findings, BigDecimal monthlyUsd) {
    }

    /** One reading of every figure. */
    public record Reading(Map<String, RuleWaste> openByRule, BigDecimal savingMonthlyUsd, Map<String, Long> cleanupsByState, long outboxBacklog) {

        /** Real cleanups done (undone ones included: they were done) over those that ended done or failed; 1 when none ended. */
        public double cleanupSuccessRate() {
            long done = cleanupsByState.getOrDefault("done", 0L) + cleanupsByState.getOrDefault("rolled_back", 0L);
            long failed = cleanupsByState.getOrDefault("failed", 0L);
            return done + failed == 0 ? 1.0 : (double) done / (done + failed);
        }
    }

    private final Jdbi jdbi;

    public Figures(Database database) {
        this.jdbi = database.jdbi();
    }

    public Reading read() {
        return jdbi.withHandle(handle -> {
            Map<String, RuleWaste> open = new TreeMap<>();
            handle.createQuery("""
                    SELECT rule_id, count(*) AS findings, COALESCE(sum(monthly_cost_usd), 0) AS usd FROM findings
                    WHERE status IN ('open', 'failed', 'rolled_back') GROUP BY rule_id""")
                    .map((row, context) -> Map.entry(row.getString("rule_id"), new RuleWaste(row.getLong("findings"), row.getBigDecimal("usd"))))
                    .forEach(entry -> open.put(entry.getKey(), entry.getValue()));
            BigDecimal saving = handle.createQuery("""
                    SELECT COALESCE(sum(monthly_saving_usd), 0) FROM cleanups WHERE NOT dry_run AND done_at IS NOT NULL AND undone_at IS NULL""")
                    .mapTo(BigDecimal.class).one();
            Map<String, Long> states = new TreeMap<>();
            handle.createQuery("SELECT state, count(*) AS n FROM cleanups WHERE NOT dry_run GROUP BY state")
                    .map((row, context) -> Map.entry(row.getString("state"), row.getLong("n")))
                    .forEach(entry -> states.put(entry.getKey(), entry.getValue()));
            long backlog = handle.createQuery("SELECT count(*) FROM outbox WHERE status = 'pending'").mapTo(Long.class).one();
            return new Reading(open, saving, states, backlog);
        });
    }
}
