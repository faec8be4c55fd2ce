package io.cloudsweep.storage;

import io.cloudsweep.engine.approval.Role;
import io.cloudsweep.engine.store.AuditLog;
import io.cloudsweep.engine.store.MemberRoles;
import org.jdbi.v3.core.Jdbi;

import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/** Roles in the {@code members} table, each change audited in its transaction. Thread-safe. */
public final class PostgresMemberRoles implements MemberRoles {

    private final Jdbi jdbi;
    private final PostgresAuditLog audit;
    private final Clock clock;

    public PostgresMemberRoles(Database database, Clock clock) {
        this.jdbi = database.jdbi();
        this.audit = new PostgresAuditLog(database);
        this.clock = clock;
    }

    @Override
    public void setRole(long organizationId, String userId, Role role, String actor) {
        jdbi.useTransaction(handle -> {
            Members members = handle.attach(Members.class);
            members.ensure(organizationId, userId, null, role.id());
            members.setRole(organizationId, userId, role.id());
            audit.append(handle, new AuditLog.Event(Optional.of(organizationId), clock.instant(), actor, "member.role", "member/" + userId,
                    Map.of("role", role.id())));
        });
    }
}
