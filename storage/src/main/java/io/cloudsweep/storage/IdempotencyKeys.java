package io.cloudsweep.storage;

import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

import java.time.Duration;
import java.util.Optional;

/**
 * The first answer to each {@code Idempotency-Key} an organization's API calls sent, for a day: a retried call gets the
 * same answer instead of a second decision. The first answer stored wins, whichever replica stored it. Thread-safe.
 */
public final class IdempotencyKeys {

    /** How long a key's answer is kept. */
    public static final Duration KEPT = Duration.ofDays(1);

    /** A stored answer and the request it answered. */
    public record Answer(String request, int status, String body) {
    }

    interface Dao {
        @SqlQuery("""
                SELECT request, status, body FROM api_idempotency
                WHERE organization_id = :organization AND idempotency_key = :key AND created_at > now() - make_interval(secs => :kept)""")
        @RegisterConstructorMapper(Answer.class)
        Optional<Answer> find(@Bind("organization") long organization, @Bind("key") String key, @Bind("kept") long keptSeconds);

        @SqlUpdate("""
                INSERT INTO api_idempotency (organization_id, idempotency_key, request, status, body)
                VALUES (:organization, :key, :request, :status, :body)
                ON CONFLICT (organization_id, idempotency_key) DO UPDATE SET request = :request, status = :status, body = :body, created_at = now()
                WHERE api_idempotency.created_at <= now() - make_interval(secs => :kept)""")
        void remember(@Bind("organization") long organization, @Bind("key") String key, @Bind("request") String request,
                      @Bind("status") int status, @Bind("body") String body, @Bind("kept") long keptSeconds);

        @SqlUpdate("DELETE FROM api_idempotency WHERE created_at <= now() - make_interval(secs => :kept)")
        int forget(@Bind("kept") long keptSeconds);
    }

    private final Jdbi jdbi;

    public IdempotencyKeys(Database database) {
        this.jdbi = database.jdbi();
    }

    /** The answer already given to {@code key}, if it was given in the last day. */
    public Optional<Answer> find(long organizationId, String key) {
        return jdbi.withExtension(Dao.class, dao -> dao.find(organizationId, key, KEPT.toSeconds()));
    }

    /** Keeps the answer to {@code key}, unless one is kept already. */
    public void remember(long organizationId, String key, String request, int status, String body) {
        jdbi.useExtension(Dao.class, dao -> dao.remember(organizationId, key, request, status, body, KEPT.toSeconds()));
    }

    /** Forgets the answers older than a day; how many. */
    public int forgetOld() {
        return jdbi.withExtension(Dao.class, dao -> dao.forget(KEPT.toSeconds()));
    }
}
