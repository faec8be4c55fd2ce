package io.cloudsweep.storage;

import io.cloudsweep.engine.model.Finding;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

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

    private final Jdbi jdbi;

    public Exclusions(Database database) {
        this.jdbi = database.jdbi();
    }

    /** Excludes one resource (from every rule when {@code ruleId} is empty); returns the exclusion's id. */
    public long excludeResource(long organizationId, String accountId, String resourceId, Optional<String> ruleId, String reason,
                                String createdBy) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        INSERT INTO exclusions (organization_id, account_id, resource_id, rule_id, reason, created_by)
                        VALUES (:organization, :account, :resource, :rule, :reason, :by) RETURNING id""")
                .bind("organization", organizationId).bind("account", accountId).bind("resource", resourceId)
                .bind("rule", ruleId.orElse(null)).bind("reason", reason).bind("by", createdBy)
                .mapTo(Long.class).one());
    }

    /** Excludes every resource whose tag matches; returns the exclusion's id. */
    public long excludeTag(long organizationId, String tagKey, Optional<String> tagValuePattern, String reason, String createdBy) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        INSERT INTO exclusions (organization_id, tag_key, tag_value, reason, created_by)
                        VALUES (:organization, :key, :value, :reason, :by) RETURNING id""")
                .bind("organization", organizationId).bind("key", tagKey).bind("value", tagValuePattern.orElse(null))
                .bind("reason", reason).bind("by", createdBy)
                .mapTo(Long.class).one());
    }

    public void lift(long exclusionId) {
        jdbi.useHandle(handle -> handle.createUpdate("UPDATE exclusions SET lifted_at = now() WHERE id = :id AND lifted_at IS NULL")
                .bind("id", exclusionId).execute());
    }

    List<Rule> inForce(Handle handle, long organizationId) {
        return handle.createQuery("""
                        SELECT id, account_id, resource_id, tag_key, tag_value, rule_id FROM exclusions
                        WHERE organization_id = :organization AND lifted_at IS NULL""")
                .bind("organization", organizationId)
                .map((rows, context) -> new Rule(rows.getLong("id"), Optional.ofNullable(rows.getString("account_id")),
                        Optional.ofNullable(rows.getString("resource_id")), Optional.ofNullable(rows.getString("tag_key")),
                        Optional.ofNullable(rows.getString("tag_value")), Optional.ofNullable(rows.getString("rule_id"))))
                .list();
    }
}
