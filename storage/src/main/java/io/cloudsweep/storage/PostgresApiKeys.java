package io.cloudsweep.storage;

import io.cloudsweep.engine.approval.Role;
import io.cloudsweep.engine.store.ApiKeys;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

/** {@link ApiKeys} in the {@code api_keys} table: the hash and the prefix of each key, never the key. Thread-safe. */
public final class PostgresApiKeys implements ApiKeys {

    /** A key's last use is written at most this often: a busy integration does not write on every request. */
    private static final Duration LAST_USED_EVERY = Duration.ofMinutes(1);

    interface Dao {
        record Row(long organizationId, String name, String keyPrefix, String keyHash, String role, String createdBy, OffsetDateTime createdAt,
                   OffsetDateTime lastUsedAt) {
        }

        @SqlUpdate("""
                INSERT INTO api_keys (organization_id, name, key_prefix, key_hash, role, created_by)
                VALUES (:organization, :name, :prefix, :hash, :role, :createdBy) ON CONFLICT DO NOTHING""")
        int insert(@Bind("organization") long organization, @Bind("name") String name, @Bind("prefix") String prefix, @Bind("hash") String hash,
                   @Bind("role") String role, @Bind("createdBy") String createdBy);

        @SqlQuery("""
                SELECT organization_id, name, key_prefix, key_hash, role, created_by, created_at, last_used_at FROM api_keys
                WHERE organization_id = :organization AND revoked_at IS NULL ORDER BY id""")
        @RegisterConstructorMapper(Row.class)
        List<Row> live(@Bind("organization") long organization);

        @SqlQuery("""
                SELECT organization_id, name, key_prefix, key_hash, role, created_by, created_at, last_used_at FROM api_keys
                WHERE key_prefix = :prefix AND revoked_at IS NULL""")
        @RegisterConstructorMapper(Row.class)
        Optional<Row> byPrefix(@Bind("prefix") String prefix);

        @SqlUpdate("UPDATE api_keys SET revoked_at = now() WHERE organization_id = :organization AND name = :name AND revoked_at IS NULL")
        int revoke(@Bind("organization") long organization, @Bind("name") String name);

        @SqlUpdate("""
                UPDATE api_keys SET last_used_at = :now
                WHERE key_prefix = :prefix AND (last_used_at IS NULL OR last_used_at < :before)""")
        void used(@Bind("prefix") String prefix, @Bind("now") OffsetDateTime now, @Bind("before") OffsetDateTime before);
    }

    private final Jdbi jdbi;

    public PostgresApiKeys(Database database) {
        this.jdbi = database.jdbi();
    }

    @Override
    public Optional<Created> create(long organizationId, String name, Role role, String createdBy) {
        String key = ApiKeys.newKey();
        int inserted = jdbi.withExtension(Dao.class, dao -> dao.insert(organizationId, name, ApiKeys.prefixOf(key), ApiKeys.hash(key), role.id(), createdBy));
        return inserted == 1 ? Optional.of(new Created(name, key, ApiKeys.prefixOf(key), role)) : Optional.empty();
    }

    @Override
    public List<Listed> list(long organizationId) {
        return jdbi.withExtension(Dao.class, dao -> dao.live(organizationId)).stream()
                .map(row -> new Listed(row.name(), row.keyPrefix(), Role.fromId(row.role()), row.createdBy(), row.createdAt().toInstant(),
                        Optional.ofNullable(row.lastUsedAt()).map(OffsetDateTime::toInstant)))
                .toList();
    }

    @Override
    public boolean revoke(long organizationId, String name, String actor) {
        return jdbi.withExtension(Dao.class, dao -> dao.revoke(organizationId, name)) > 0;
    }

    @Override
    public Optional<Holder> authenticate(String key, Instant now) {
        if (key == null || !FORMAT.matcher(key).matches()) {
            return Optional.empty();
        }
        String prefix = ApiKeys.prefixOf(key);
        Optional<Dao.Row> row = jdbi.withExtension(Dao.class, dao -> dao.byPrefix(prefix));
        if (row.isEmpty() || !ApiKeys.matches(key, row.get().keyHash())) {
            return Optional.empty();
        }
        jdbi.useExtension(Dao.class, dao -> dao.used(prefix, now.atOffset(ZoneOffset.UTC), now.minus(LAST_USED_EVERY).atOffset(ZoneOffset.UTC)));
        Dao.Row found = row.get();
        return Optional.of(new Holder(found.organizationId(), found.name(), found.keyPrefix(), Role.fromId(found.role()), found.createdBy()));
    }
}
