package io.cloudsweep.storage;

import io.cloudsweep.engine.cleanup.Cleanup;
import io.cloudsweep.engine.cleanup.CleanupState;
import io.cloudsweep.engine.cleanup.CleanupStore;
import io.cloudsweep.engine.model.Account;
import io.cloudsweep.engine.model.Finding;
import io.cloudsweep.engine.model.FindingId;
import io.cloudsweep.engine.store.AuditLog;
import io.cloudsweep.engine.store.NotifyEvent;
import io.cloudsweep.engine.store.StoredFinding;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.Define;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Cleanups in the {@code cleanups} table. Each transition is a compare-and-set on the state, with the finding's
 * status (as the engine's {@link StoredFinding.Status#after} says it follows) and the audit entry changed in the same
 * transaction, so the database always tells the truth about
 * where a cleanup stands. Cleanups are begun by approvals ({@link PostgresDecisions}). Thread-safe; safe
 * across replicas.
 */
public final class PostgresCleanupStore implements CleanupStore {

    interface Dao {
        record Row(long id, long organizationId, long findingId, String accountId, String accountName, String state, String backupId,
                   String error, boolean dryRun, OffsetDateTime updatedAt, String lastDetail) {
        }

        @SqlUpdate("""
                UPDATE cleanups SET state = :to, backup_id = COALESCE(:backup, backup_id), error = :error, updated_at = :at,
                    step_log = step_log || jsonb_build_array(jsonb_build_object('state', :to, 'by', :actor, 'detail', :detail, 'at', :at)),
                    done_at = CASE WHEN :to = 'done' THEN :at ELSE done_at END,
                    undone_at = CASE WHEN :to = 'rolled_back' THEN :at ELSE undone_at END,
                    monthly_saving_usd = CASE WHEN :to = 'done' THEN (SELECT f.monthly_cost_usd FROM findings f WHERE f.id = cleanups.finding_id)
                                              ELSE monthly_saving_usd END
                WHERE id = :id AND state = :from""")
        int transition(@Bind("id") long id, @Bind("from") String from, @Bind("to") String to, @Bind("backup") String backupId,
                       @Bind("error") String error, @Bind("actor") String actor, @Bind("detail") String detail, @Bind("at") OffsetDateTime at);

        @SqlQuery("SELECT f.status FROM findings f JOIN cleanups c ON c.finding_id = f.id WHERE c.id = :id FOR UPDATE OF f")
        String findingStatus(@Bind("id") long id);

        @SqlUpdate("UPDATE findings f SET updated_at = now(), status = :status FROM cleanups c WHERE c.id = :id AND f.id = c.finding_id")
        void setFindingStatus(@Bind("id") long id, @Bind("status") String status);

        @SqlQuery("""
                SELECT c.id, c.organization_id, c.finding_id, f.account_id, COALESCE(a.name, f.account_id) AS account_name, c.state,
                       c.backup_id, c.error, c.dry_run, c.updated_at, c.step_log -> -1 ->> 'detail' AS last_detail
                FROM cleanups c JOIN findings f ON f.id = c.finding_id
                LEFT JOIN aws_accounts a ON a.organization_id = c.organization_id AND a.account_id = f.account_id
                WHERE c.id = :id <lock>""")
        @RegisterConstructorMapper(Row.class)
        Optional<Row> find(@Bind("id") long id, @Define("lock") String lock);

        @SqlQuery("SELECT pg_try_advisory_lock(:namespace, CAST(:id % 2147483647 AS integer))")
        boolean tryHold(@Bind("namespace") int namespace, @Bind("id") long id);

        @SqlQuery("SELECT pg_advisory_unlock(:namespace, CAST(:id % 2147483647 AS integer))")
        boolean release(@Bind("namespace") int namespace, @Bind("id") long id);

        @SqlQuery("SELECT id FROM cleanups WHERE state IN ('approved', 'validating', 'backing_up', 'executing', 'verifying') ORDER BY id")
        List<Long> unfinished();
    }

    /** The advisory lock space of cleanups (the lock's first key), apart from the audit chain's. */
    private static final int HOLD_NAMESPACE = 0x436c6e;

    private final Jdbi jdbi;
    private final PostgresAuditLog audit;
    private final Clock clock;

    public PostgresCleanupStore(Database database, Clock clock) {
        this.jdbi = database.jdbi();
        this.audit = new PostgresAuditLog(database);
        this.clock = clock;
    }

    @Override
    public boolean transition(long cleanupId, CleanupState from, CleanupState to, String actor, String detail) {
        String error = to instanceof CleanupState.Failed failed ? failed.reason()
                : to instanceof CleanupState.Aborted aborted ? aborted.reason() : null;
        return jdbi.inTransaction(handle -> {
            Dao dao = handle.attach(Dao.class);
            OffsetDateTime at = clock.instant().atOffset(ZoneOffset.UTC);
            if (dao.transition(cleanupId, from.id(), to.id(), to.backupId().orElse(null), error, actor, detail, at) != 1) {
                return false;
            }
            Dao.Row row = dao.find(cleanupId, "").orElseThrow();
            dao.setFindingStatus(cleanupId, StoredFinding.Status.fromId(dao.findingStatus(cleanupId)).after(to, row.dryRun()).id());
            appendAudit(handle, row, from, to, actor, detail);
            if (to instanceof CleanupState.Failed failed) {
                StoredFindings.find(handle, row.organizationId(), row.findingId()).ifPresent(finding -> Outbox.enqueue(handle,
                        row.organizationId(), NotifyEvent.CLEANUP_FAILED, "cleanup-" + cleanupId + "-failed", failure(row, finding, failed),
                        java.math.BigDecimal.ZERO, at.toInstant()));
            }
            return true;
        });
    }

    /** Holds a session-level advisory lock on its own connection while {@code work} runs; a dead session lets go by itself. */
    @Override
    public <T> Optional<T> exclusively(long cleanupId, Supplier<T> work) {
        return jdbi.withHandle(handle -> {
            Dao dao = handle.attach(Dao.class);
            if (!dao.tryHold(HOLD_NAMESPACE, cleanupId)) {
                return Optional.empty();
            }
            try {
                return Optional.of(work.get());
            } finally {
                dao.release(HOLD_NAMESPACE, cleanupId);
            }
        });
    }

    @Override
    public Optional<Cleanup> find(long cleanupId) {
        return jdbi.withHandle(handle -> load(handle, cleanupId, ""));
    }

    /** The cleanups not yet at an end: what a starting server hands to the scheduler again. */
    public List<Long> unfinished() {
        return jdbi.withExtension(Dao.class, Dao::unfinished);
    }

    private Optional<Cleanup> load(Handle handle, long cleanupId, String lock) {
        return handle.attach(Dao.class).find(cleanupId, lock).map(row -> {
            Finding finding = StoredFindings.find(handle, row.organizationId(), row.findingId()).orElseThrow().finding();
            Optional<String> exclusion = Exclusions.inForce(handle, row.organizationId()).stream().filter(rule -> rule.covers(finding))
                    .findFirst().map(rule -> "exclusion " + rule.id() + rule.tagKey().map(key -> " of tag " + key).orElse(""));
            return new Cleanup(row.id(), row.organizationId(), row.findingId(), new Account(row.accountId(), row.accountName()), finding,
                    row.dryRun(), StoredFindings.state(row.state(), row.backupId(), row.error(), row.lastDetail()), row.updatedAt().toInstant(),
                    exclusion);
        });
    }

    /** What a failed cleanup's notification says. */
    private static Map<String, Object> failure(Dao.Row row, StoredFinding stored, CleanupState.Failed failed) {
        Finding finding = stored.finding();
        Map<String, Object> payload = new java.util.LinkedHashMap<>();
        payload.put("cleanup", io.cloudsweep.engine.model.CleanupId.of(row.id()).toString());
        payload.put("finding", stored.label());
        payload.put("rule", finding.ruleId());
        payload.put("action", finding.action().id());
        payload.put("resource_type", finding.resource().type().id());
        payload.put("resource_id", finding.resource().id());
        payload.put("account_id", row.accountId());
        payload.put("account_name", row.accountName());
        payload.put("region", finding.resource().region().code());
        payload.put("monthly_cost_usd", finding.monthlyCost().map(money -> money.toCents().amount()).orElse(null));
        payload.put("reason", failed.reason());
        payload.put("backup_id", failed.backup().orElse(null));
        payload.put("dry_run", row.dryRun());
        return payload;
    }

    private void appendAudit(Handle handle, Dao.Row row, CleanupState from, CleanupState to, String actor, String detail) {
        audit.append(handle, new AuditLog.Event(Optional.of(row.organizationId()), clock.instant(), actor, "cleanup." + to.id(),
                "cleanup/" + row.id(), Map.of("finding", FindingId.of(row.findingId()).toString(), "from", from.id(), "detail", detail,
                "backup", to.backupId().orElse(""), "dry_run", String.valueOf(row.dryRun()))));
    }
}
