package io.cloudsweep.storage;

import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

import java.util.List;
import java.util.Optional;

/** The AWS accounts an organization has connected. Thread-safe. */
public final class AwsAccounts {

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
    }

    private final Dao dao;

    public AwsAccounts(Database database) {
        this.dao = database.jdbi().onDemand(Dao.class);
    }

    /** Connects an account, or returns it unchanged when it is connected already. */
    public Connected connect(long organizationId, String accountId, String name, Optional<String> roleArn, Optional<String> externalId,
                             boolean cleanupsEnabled) {
        Dao.Row row = dao.connect(organizationId, accountId, name, roleArn.orElse(null), externalId.orElse(null), cleanupsEnabled);
        return new Connected(row.id(), row.accountId(), row.name(), Optional.ofNullable(row.roleArn()), Optional.ofNullable(row.externalId()),
                List.of(row.regions()), row.cleanupsEnabled());
    }
}
