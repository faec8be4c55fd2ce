package io.cloudsweep.storage;

import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.Optional;

/** An organization's cleanups with every step they took, for the REST API. Thread-safe. */
public final class CleanupHistory {

    /**
     * A cleanup: its finding, where it stands, its backup and error if any, when it was done and undone, what it saves a
     * month, and {@code steps}, the JSON array of its steps ({@code state}, {@code by}, {@code detail}, {@code at}).
     */
    public record Cleanup(long id, long findingId, String state, boolean dryRun, String backupId, String error, OffsetDateTime createdAt,
                          OffsetDateTime updatedAt, OffsetDateTime doneAt, OffsetDateTime undoneAt, BigDecimal monthlySavingUsd, String steps) {
    }

    interface Dao {
        @SqlQuery("""
                SELECT id, finding_id, state, dry_run, backup_id, error, created_at, updated_at, done_at, undone_at, monthly_saving_usd,
                       step_log::text AS steps
                FROM cleanups WHERE organization_id = :organization AND id = :id""")
        @RegisterConstructorMapper(Cleanup.class)
        Optional<Cleanup> one(@Bind("organization") long organization, @Bind("id") long id);
    }

    private final Jdbi jdbi;

    public CleanupHistory(Database database) {
        this.jdbi = database.jdbi();
    }

    /** The organization's cleanup {@code id}; empty when there is none (or it is another organization's). */
    public Optional<Cleanup> find(long organizationId, long id) {
        return jdbi.withExtension(Dao.class, dao -> dao.one(organizationId, id));
    }
}
