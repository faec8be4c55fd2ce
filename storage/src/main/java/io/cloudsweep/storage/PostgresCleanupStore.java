package io.cloudsweep.storage;

import io.cloudsweep.engine.cleanup.CleanupState;
import io.cloudsweep.engine.cleanup.CleanupStore;
import io.cloudsweep.engine.store.AuditLog;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/**
 * Cleanups in the {@code cleanups} table: one per finding (a second approval, a double click or a redelivered
 * request finds the first), and each transition a compare-and-set on the state with its audit entry in the
 * same transaction. Thread-safe; safe across replicas.
 */
public final class PostgresCleanupStore implements CleanupStore {

    /** A cleanup as {@link #begin} found or created it. */
    public record Begun(long cleanupId, boolean created) {
    }

    interface Dao {
        @SqlQuery("""
                INSERT INTO cleanups (organization_id, finding_id, state, idempotency_key, dry_run)
                VALUES (:organization, :finding, 'approved', 'finding-' || :finding, :dryRun)
                ON CONFLICT DO NOTHING
                RETURNING id""")
        Optional<Long> create(@Bind("organization") long organization, @Bind("finding") long finding, @Bind("dryRun") boolean dryRun);

        @SqlQuery("SELECT id FROM cleanups WHERE finding_id = :finding")
        long existing(@Bind("finding") long finding);

        @SqlUpdate("""
                UPDATE cleanups SET state = :to, backup_id = COALESCE(:backup, backup_id), error = :error, updated_at = now(),
                    step_log = step_log || jsonb_build_array(jsonb_build_object('state', :to, 'by', :actor, 'detail', :detail, 'at', now()))
                WHERE id = :id AND state = :from""")
        int transition(@Bind("id") long id, @Bind("from") String from, @Bind("to") String to, @Bind("backup") String backupId,
                       @Bind("error") String error, @Bind("actor") String actor, @Bind("detail") String detail);

        @SqlQuery("SELECT organization_id FROM cleanups WHERE id = :id")
        long organization(@Bind("id") long id);
    }

    private final Jdbi jdbi;
    private final PostgresAuditLog audit;
    private final Clock clock;

    public PostgresCleanupStore(Database database, Clock clock) {
        this.jdbi = database.jdbi();
        this.audit = new PostgresAuditLog(database);
        this.clock = clock;
    }

    /** The cleanup of {@code findingId}: created in state approved on the first call, found on every later one. */
    public Begun begin(long organizationId, long findingId, boolean dryRun) {
        return jdbi.inTransaction(handle -> {
            Dao dao = handle.attach(Dao.class);
            return dao.create(organizationId, findingId, dryRun)
                    .map(id -> new Begun(id, true))
                    .orElseGet(() -> new Begun(dao.existing(findingId), false));
        });
    }

    @Override
    public boolean transition(long cleanupId, CleanupState from, CleanupState to, String actor, String detail) {
        String error = to instanceof CleanupState.Failed failed ? failed.reason()
                : to instanceof CleanupState.Aborted aborted ? aborted.reason() : null;
        return jdbi.inTransaction(handle -> {
            Dao dao = handle.attach(Dao.class);
            if (dao.transition(cleanupId, from.id(), to.id(), to.backupId().orElse(null), error, actor, detail) != 1) {
                return false;
            }
            audit.append(handle, new AuditLog.Event(Optional.of(dao.organization(cleanupId)), clock.instant(), actor,
                    "cleanup." + to.id(), "cleanup/" + cleanupId, Map.of("from", from.id(), "detail", detail,
                    "backup", to.backupId().orElse(""))));
            return true;
        });
    }
}
