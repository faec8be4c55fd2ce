package io.cloudsweep.storage;

import io.cloudsweep.engine.store.AccountSettings;
import io.cloudsweep.engine.store.AuditLog;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

import java.time.Clock;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The AWS accounts an organization has connected. Thread-safe. */
public final class AwsAccounts implements AccountSettings {

    /** A connected account; cleanups stay dry-run until an admin enables them. */
    public record Connected(long id, String accountId, String name, Optional<String> roleArn, Optional<String> externalId,
                            List<String> regions, boolean cleanupsEnabled) {
    }

    interface Dao {
        record Row(long id, String accountId, String name, String roleArn, String externalId, String[] regions, boolean cleanupsEnabled) {
        }

        @SqlQuery("""
                INSERT INTO aws_accounts (organization_id, account_id, name, role_arn, external_id, cleanups_enabled)
                VALUES (:organization, :account, :name, :role, :external, :cleanups)
                ON CONFLICT (organization_id, account_id) DO UPDATE SET name = aws_accounts.name
                RETURNING id, account_id, name, role_arn, external_id, regions, cleanups_enabled""")
        @RegisterConstructorMapper(Row.class)
        Row connect(@Bind("organization") long organization, @Bind("account") String account, @Bind("name") String name,
                    @Bind("role") String roleArn, @Bind("external") String externalId, @Bind("cleanups") boolean cleanupsEnabled);

        @SqlQuery("""
                SELECT id, account_id, name, role_arn, external_id, regions, cleanups_enabled FROM aws_accounts
                WHERE organization_id = :organization ORDER BY account_id""")
        @RegisterConstructorMapper(Row.class)
        List<Row> all(@Bind("organization") long organization);

        @SqlUpdate("UPDATE aws_accounts SET cleanups_enabled = :enabled WHERE organization_id = :organization AND account_id = :account")
        int setCleanups(@Bind("organization") long organization, @Bind("account") String account, @Bind("enabled") boolean enabled);
    }

    private final Jdbi jdbi;
    private final Dao dao;
    private final PostgresAuditLog audit;
    private final Clock clock;

    public AwsAccounts(Database database) {
        this(database, Clock.systemUTC());
    }

    public AwsAccounts(Database database, Clock clock) {
        this.jdbi = database.jdbi();
        this.dao = jdbi.onDemand(Dao.class);
        this.audit = new PostgresAuditLog(database);
        this.clock = clock;
    }

    @Override
    public List<ConnectedAccount> accounts(long organizationId) {
        return dao.all(organizationId).stream()
                .map(row -> new ConnectedAccount(row.accountId(), row.name(), Optional.ofNullable(row.roleArn()), row.cleanupsEnabled()))
                .toList();
    }

    @Override
    public boolean setCleanups(long organizationId, String accountId, boolean enabled, String actor) {
        return jdbi.inTransaction(handle -> {
            if (handle.attach(Dao.class).setCleanups(organizationId, accountId, enabled) != 1) {
                return false;
            }
            audit.append(handle, new AuditLog.Event(Optional.of(organizationId), clock.instant(), actor, "policy.cleanup",
                    "account/" + accountId, Map.of("cleanups", enabled ? "on" : "off")));
            return true;
        });
    }

    /** Connects an account, or returns it unchanged when it is connected already. */
    public Connected connect(long organizationId, String accountId, String name, Optional<String> roleArn, Optional<String> externalId,
                             boolean cleanupsEnabled) {
        Dao.Row row = dao.connect(organizationId, accountId, name, roleArn.orElse(null), externalId.orElse(null), cleanupsEnabled);
        return new Connected(row.id(), row.accountId(), row.name(), Optional.ofNullable(row.roleArn()), Optional.ofNullable(row.externalId()),
                List.of(row.regions()), row.cleanupsEnabled());
    }
}
