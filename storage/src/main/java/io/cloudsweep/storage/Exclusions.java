package io.cloudsweep.storage;

import io.cloudsweep.engine.model.Finding;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Resources users rejected, or tag patterns they excluded: findings they cover are not stored while the
 * exclusion stands. Thread-safe.
 */
public final class Exclusions {

    /**
     * One exclusion: a resource, or every resource whose tag {@code tagKey} matches {@code tagValue} (a SQL
     * LIKE pattern, null for any value); for one rule or all; in one account or all.
     */
    public record Rule(long id, Optional<String> accountId, Optional<String> resourceId, Optional<String> tagKey,
                       Optional<String> tagValue, Optional<String> ruleId) {

        public boolean covers(Finding finding) {
            if (accountId.isPresent() && !accountId.get().equals(finding.resource().accountId())) {
                return false;
            }
            if (ruleId.isPresent() && !ruleId.get().equals(finding.ruleId())) {
                return false;
            }
            if (resourceId.isPresent()) {
                return resourceId.get().equals(finding.resource().id());
            }
            Optional<String> value = finding.tags().get(tagKey.orElseThrow());
            return value.isPresent() && tagValue.map(pattern -> like(pattern).matcher(value.get()).matches()).orElse(true);
        }

        private static Pattern like(String pattern) {
            StringBuilder regex = new StringBuilder();
            for (char c : pattern.toCharArray()) {
                regex.append(switch (c) {
                    case '%' -> ".*";
                    case '_' -> ".";
                    default -> Pattern.quote(String.valueOf(c));
                });
            }
            return Pattern.compile(regex.toString(), Pattern.DOTALL);
        }
    }

    interface Dao {
        record Row(long id, String accountId, String resourceId, String tagKey, String tagValue, String ruleId) {
        }

        @SqlQuery("""
                INSERT INTO exclusions (organization_id, account_id, resource_id, rule_id, reason, created_by)
                VALUES (:organization, :account, :resource, :rule, :reason, :by) RETURNING id""")
        long excludeResource(@Bind("organization") long organization, @Bind("account") String account, @Bind("resource") String resource,
                             @Bind("rule") String rule, @Bind("reason") String reason, @Bind("by") String createdBy);

        @SqlQuery("""
                INSERT INTO exclusions (organization_id, tag_key, tag_value, reason, created_by)
                VALUES (:organization, :key, :value, :reason, :by) RETURNING id""")
        long excludeTag(@Bind("organization") long organization, @Bind("key") String key, @Bind("value") String valuePattern,
                        @Bind("reason") String reason, @Bind("by") String createdBy);

        @SqlUpdate("UPDATE exclusions SET lifted_at = now() WHERE id = :id AND lifted_at IS NULL")
        void lift(@Bind("id") long id);

        @SqlQuery("""
                SELECT id, account_id, resource_id, tag_key, tag_value, rule_id FROM exclusions
                WHERE organization_id = :organization AND lifted_at IS NULL""")
        @RegisterConstructorMapper(Row.class)
        List<Row> inForce(@Bind("organization") long organization);
    }

    private final Dao dao;

    public Exclusions(Database database) {
        this.dao = database.jdbi().onDemand(Dao.class);
    }

    /** Excludes one resource (from every rule when {@code ruleId} is empty); returns the exclusion's id. */
    public long excludeResource(long organizationId, String accountId, String resourceId, Optional<String> ruleId, String reason,
                                String createdBy) {
        return dao.excludeResource(organizationId, accountId, resourceId, ruleId.orElse(null), reason, createdBy);
    }

    /** Excludes every resource whose tag matches; returns the exclusion's id. */
    public long excludeTag(long organizationId, String tagKey, Optional<String> tagValuePattern, String reason, String createdBy) {
        return dao.excludeTag(organizationId, tagKey, tagValuePattern.orElse(null), reason, createdBy);
    }

    public void lift(long exclusionId) {
        dao.lift(exclusionId);
    }

    /** The exclusions in force, read in the caller's transaction. */
    static List<Rule> inForce(Handle handle, long organizationId) {
        return handle.attach(Dao.class).inForce(organizationId).stream()
                .map(row -> new Rule(row.id(), Optional.ofNullable(row.accountId()), Optional.ofNullable(row.resourceId()),
                        Optional.ofNullable(row.tagKey()), Optional.ofNullable(row.tagValue()), Optional.ofNullable(row.ruleId())))
                .toList();
    }
}
