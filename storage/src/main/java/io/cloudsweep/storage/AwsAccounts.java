package io.cloudsweep.storage;

import io.cloudsweep.engine.store.AccountSettings;
import io.cloudsweep.engine.store.AuditLog;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The AWS accounts organizations have connected. An account belongs to one organization at most: connecting takes
 * a transaction-scoped advisory lock on the account id, so two organizations (on two replicas) racing for it cannot
 * both have it. The demo account is the exception, connected to every organization by {@link #connect(long, String,
 * String, Optional, Optional, boolean)}. Thread-safe.
 */
public final class AwsAccounts implements AccountSettings {

    private static final SecureRandom RANDOM = new SecureRandom();

    /** A connected account; cleanups stay dry-run until an admin enables them. */
    public record Connected(long id, String accountId, String name, Optional<String> roleArn, Optional<String> externalId,
                            List<String> regions, boolean cleanupsEnabled) {
    }

    /** How CloudSweep reaches a connected account: its role and the ExternalId to assume it with (empty: own credentials). */
    public record Reach(Optional<String> roleArn, Optional<String> externalId) {
    }

    interface Dao {
        record ReachRow(String roleArn, String externalId) {
        }

        @SqlQuery("""
                SELECT a.role_arn, CASE WHEN a.role_arn IS NULL THEN NULL ELSE coalesce(a.external_id, o.aws_external_id) END AS external_id
                FROM aws_accounts a JOIN organizations o ON o.id = a.organization_id
                WHERE a.account_id = :account ORDER BY a.role_arn NULLS LAST, a.id LIMIT 1""")
        @RegisterConstructorMapper(ReachRow.class)
        Optional<ReachRow> reach(@Bind("account") String account);

        record Row(long id, String accountId, String name, String roleArn, String externalId, String[] regions, boolean cleanupsEnabled,
                   String[] missingPermissions, Long lastScanId, OffsetDateTime lastScanAt, String lastScanStatus, String lastScanError) {
        }

        String COLUMNS = "id, account_id, name, role_arn, external_id, regions, cleanups_enabled, missing_permissions, last_scan_id,"
                + " last_scan_at, last_scan_status, last_scan_error";

        @SqlQuery("INSERT INTO aws_accounts (organization_id, account_id, name, role_arn, external_id, cleanups_enabled)"
                + " VALUES (:organization, :account, :name, :role, :external, :cleanups)"
                + " ON CONFLICT (organization_id, account_id) DO UPDATE SET name = aws_accounts.name RETURNING " + COLUMNS)
        @RegisterConstructorMapper(Row.class)
        Row connect(@Bind("organization") long organization, @Bind("account") String account, @Bind("name") String name,
                    @Bind("role") String roleArn, @Bind("external") String externalId, @Bind("cleanups") boolean cleanupsEnabled);

        @SqlQuery("INSERT INTO aws_accounts (organization_id, account_id, name, role_arn, external_id, cleanups_enabled, connected_by,"
                + " missing_permissions) VALUES (:organization, :account, :name, :role, :external, false, :actor, :missing)"
                + " RETURNING " + COLUMNS)
        @RegisterConstructorMapper(Row.class)
        Row insert(@Bind("organization") long organization, @Bind("account") String account, @Bind("name") String name,
                   @Bind("role") String roleArn, @Bind("external") String externalId, @Bind("actor") String actor,
                   @Bind("missing") String[] missing);

        @SqlQuery("SELECT organization_id FROM aws_accounts WHERE account_id = :account")
        List<Long> holders(@Bind("account") String account);

        @SqlQuery("SELECT " + COLUMNS + " FROM aws_accounts WHERE organization_id = :organization ORDER BY account_id")
        @RegisterConstructorMapper(Row.class)
        List<Row> all(@Bind("organization") long organization);

        @SqlUpdate("UPDATE aws_accounts SET cleanups_enabled = :enabled WHERE organization_id = :organization AND account_id = :account")
        int setCleanups(@Bind("organization") long organization, @Bind("account") String account, @Bind("enabled") boolean enabled);

        @SqlUpdate("UPDATE aws_accounts SET missing_permissions = :missing WHERE organization_id = :organization AND account_id = :account")
        int setMissing(@Bind("organization") long organization, @Bind("account") String account, @Bind("missing") String[] missing);

        @SqlUpdate("DELETE FROM aws_accounts WHERE organization_id = :organization AND account_id = :account")
        int delete(@Bind("organization") long organization, @Bind("account") String account);

        @SqlUpdate("""
                UPDATE findings SET status = 'resolved', resolved_at = now()
                WHERE organization_id = :organization AND account_id = :account AND status IN ('open', 'snoozed', 'failed')""")
        int closeFindings(@Bind("organization") long organization, @Bind("account") String account);

        @SqlQuery("""
                UPDATE organizations SET aws_external_id = coalesce(aws_external_id, :generated) WHERE id = :organization
                RETURNING aws_external_id""")
        Optional<String> externalId(@Bind("organization") long organization, @Bind("generated") String generated);
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
        return dao.all(organizationId).stream().map(AwsAccounts::account).toList();
    }

    private static ConnectedAccount account(Dao.Row row) {
        Optional<LastScan> last = row.lastScanId() == null ? Optional.empty() : Optional.of(new LastScan(row.lastScanId(),
                row.lastScanAt().toInstant(), row.lastScanStatus(), Optional.ofNullable(row.lastScanError())));
        return new ConnectedAccount(row.accountId(), row.name(), Optional.ofNullable(row.roleArn()), Optional.ofNullable(row.externalId()),
                row.cleanupsEnabled(), List.of(row.missingPermissions()), last);
    }

    @Override
    public Map<String, String> ruleThresholds(long organizationId) {
        return jdbi.withHandle(handle -> {
            Map<String, String> thresholds = new TreeMap<>();
            handle.createQuery("SELECT key, value FROM organization_rule_thresholds WHERE organization_id = :organization")
                    .bind("organization", organizationId)
                    .map((rs, ctx) -> Map.entry(rs.getString("key"), rs.getString("value")))
                    .forEach(entry -> thresholds.put(entry.getKey(), entry.getValue()));
            return thresholds;
        });
    }

    @Override
    public void setRuleThreshold(long organizationId, String key, String value, String actor) {
        jdbi.useTransaction(handle -> {
            handle.createUpdate("""
                            INSERT INTO organization_rule_thresholds (organization_id, key, value, set_by, set_at)
                            VALUES (:organization, :key, :value, :actor, :at)
                            ON CONFLICT (organization_id, key) DO UPDATE SET value = excluded.value, set_by = excluded.set_by,
                                set_at = excluded.set_at""")
                    .bind("organization", organizationId).bind("key", key).bind("value", value).bind("actor", actor)
                    .bind("at", OffsetDateTime.ofInstant(clock.instant(), java.time.ZoneOffset.UTC))
                    .execute();
            audit.append(handle, new AuditLog.Event(Optional.of(organizationId), clock.instant(), actor, "policy.threshold",
                    "organization/" + organizationId, Map.of("key", key, "value", value)));
        });
    }

    @Override
    public boolean setCleanups(long organizationId, String accountId, boolean enabled, String actor) {
        return jdbi.inTransaction(handle -> {
            if (handle.attach(Dao.class).setCleanups(organizationId, accountId, enabled) != 1) {
                return false;
            }
            audit(handle, organizationId, actor, "policy.cleanup", accountId, Map.of("cleanups", enabled ? "on" : "off"));
            return true;
        });
    }

    @Override
    public String externalId(long organizationId) {
        byte[] random = new byte[16];
        RANDOM.nextBytes(random);
        return dao.externalId(organizationId, "cs-" + HexFormat.of().formatHex(random))
                .orElseThrow(() -> new IllegalArgumentException("no organization " + organizationId));
    }

    @Override
    public Connecting connect(long organizationId, ConnectedAccount account, String actor) {
        return jdbi.inTransaction(handle -> {
            handle.execute("SELECT pg_advisory_xact_lock(hashtext('aws-account:' || ?))", account.accountId());
            Dao locked = handle.attach(Dao.class);
            List<Long> holders = locked.holders(account.accountId());
            if (holders.contains(organizationId)) {
                return new Connecting.AlreadyHere(locked.all(organizationId).stream().map(AwsAccounts::account)
                        .filter(a -> a.accountId().equals(account.accountId())).findFirst().orElseThrow());
            }
            if (!holders.isEmpty()) {
                audit(handle, organizationId, actor, "account.connect_refused", account.accountId(),
                        Map.of("reason", "connected to another organization"));
                return new Connecting.Elsewhere();
            }
            Dao.Row row = locked.insert(organizationId, account.accountId(), account.name(), account.roleArn().orElse(null),
                    account.externalId().orElse(null), actor, account.missingPermissions().toArray(String[]::new));
            Map<String, String> details = new LinkedHashMap<>();
            details.put("name", account.name());
            details.put("role", account.roleArn().orElse("own credentials"));
            details.put("missing", String.join(" ", account.missingPermissions()));
            audit(handle, organizationId, actor, "account.connected", account.accountId(), details);
            return new Connecting.Connected(account(row));
        });
    }

    @Override
    public boolean disconnect(long organizationId, String accountId, String actor) {
        return jdbi.inTransaction(handle -> {
            Dao locked = handle.attach(Dao.class);
            if (locked.delete(organizationId, accountId) != 1) {
                return false;
            }
            int closed = locked.closeFindings(organizationId, accountId);
            audit(handle, organizationId, actor, "account.disconnected", accountId, Map.of("findings_closed", String.valueOf(closed)));
            return true;
        });
    }

    /** How to reach {@code accountId}, as connected (by whichever organization has it); empty when none has. */
    public Optional<Reach> reach(String accountId) {
        return dao.reach(accountId).map(row -> new Reach(Optional.ofNullable(row.roleArn()), Optional.ofNullable(row.externalId())));
    }

    @Override
    public void recordMissing(long organizationId, String accountId, List<String> missingPermissions) {
        dao.setMissing(organizationId, accountId, missingPermissions.toArray(String[]::new));
    }

    /** Connects an account, or returns it unchanged when it is connected already: the demo account, in every organization. */
    public Connected connect(long organizationId, String accountId, String name, Optional<String> roleArn, Optional<String> externalId,
                             boolean cleanupsEnabled) {
        Dao.Row row = dao.connect(organizationId, accountId, name, roleArn.orElse(null), externalId.orElse(null), cleanupsEnabled);
        return new Connected(row.id(), row.accountId(), row.name(), Optional.ofNullable(row.roleArn()), Optional.ofNullable(row.externalId()),
                List.of(row.regions()), row.cleanupsEnabled());
    }

    private void audit(Handle handle, long organizationId, String actor, String action, String accountId, Map<String, String> details) {
        audit.append(handle, new AuditLog.Event(Optional.of(organizationId), clock.instant(), actor, action, "account/" + accountId, details));
    }
}
