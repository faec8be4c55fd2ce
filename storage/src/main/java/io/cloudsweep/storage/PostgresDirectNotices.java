package io.cloudsweep.storage;

import io.cloudsweep.engine.store.AuditLog;
import io.cloudsweep.engine.store.DirectNotices;
import org.jdbi.v3.core.Jdbi;

import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;

/** Who asked for direct messages, in {@code direct_notices}, each change audited in its transaction. Thread-safe. */
public final class PostgresDirectNotices implements DirectNotices {

    private final Jdbi jdbi;
    private final PostgresAuditLog audit;
    private final Clock clock;

    public PostgresDirectNotices(Database database, Clock clock) {
        this.jdbi = database.jdbi();
        this.audit = new PostgresAuditLog(database);
        this.clock = clock;
    }

    @Override
    public void set(long organizationId, String userId, boolean on, String actor) {
        jdbi.useTransaction(handle -> {
            if (on) {
                handle.createUpdate("""
                        INSERT INTO direct_notices (organization_id, chat_user_id, since) VALUES (:organization, :user, :at)
                        ON CONFLICT DO NOTHING""").bind("organization", organizationId).bind("user", userId)
                        .bind("at", clock.instant().atOffset(ZoneOffset.UTC)).execute();
            } else {
                handle.createUpdate("DELETE FROM direct_notices WHERE organization_id = :organization AND chat_user_id = :user")
                        .bind("organization", organizationId).bind("user", userId).execute();
            }
            audit.append(handle, new AuditLog.Event(Optional.of(organizationId), clock.instant(), actor, on ? "notify.me_on" : "notify.me_off",
                    "member/" + userId, Map.of()));
        });
    }

    @Override
    public boolean wants(long organizationId, String userId) {
        return jdbi.withHandle(handle -> handle.createQuery(
                        "SELECT count(*) FROM direct_notices WHERE organization_id = :organization AND chat_user_id = :user")
                .bind("organization", organizationId).bind("user", userId).mapTo(Integer.class).one() > 0);
    }
}
