package io.cloudsweep.storage;

import org.jdbi.v3.core.Jdbi;

import java.util.List;
import java.util.Optional;

/** The AWS accounts an organization has connected. Thread-safe. */
public final class AwsAccounts {

    /** A connected account; cleanups stay dry-run until an admin enables them. */
    public record Connected(long id, String accountId, String name, Optional<String> roleArn, Optional<String> externalId,
                            List<String> regions, boolean cleanupsEnabled) {
    }

    private final Jdbi jdbi;

    public AwsAccounts(Database database) {
        this.jdbi = database.jdbi();
    }

    /** Connects an account, or returns it unchanged when it is connected already. */
    public Connected connect(long organizationId, String accountId, String name, Optional<String> roleArn, Optional<String> externalId,
                             boolean cleanupsEnabled) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        INSERT INTO aws_accounts (organization_id, account_id, name, role_arn, external_id, cleanups_enabled)
                        VALUES (:organization, :account, :name, :role, :external, :cleanups)
                        ON CONFLICT (organization_id, account_id) DO UPDATE SET name = aws_accounts.name
                        RETURNING id, account_id, name, role_arn, external_id, regions, cleanups_enabled""")
                .bind("organization", organizationId).bind("account", accountId).bind("name", name)
                .bind("role", roleArn.orElse(null)).bind("external", externalId.orElse(null)).bind("cleanups", cleanupsEnabled)
                .map((rows, context) -> new Connected(rows.getLong("id"), rows.getString("account_id"), rows.getString("name"),
                        Optional.ofNullable(rows.getString("role_arn")), Optional.ofNullable(rows.getString("external_id")),
                        List.of((String[]) rows.getArray("regions").getArray()), rows.getBoolean("cleanups_enabled")))
                .one());
    }
}
