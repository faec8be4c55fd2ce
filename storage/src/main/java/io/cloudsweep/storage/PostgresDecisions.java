package io.cloudsweep.storage;

import io.cloudsweep.engine.approval.Actor;
import io.cloudsweep.engine.approval.Role;
import io.cloudsweep.engine.decisions.Approvals;
import io.cloudsweep.engine.decisions.FindingRules;
import io.cloudsweep.engine.model.CleanupId;
import io.cloudsweep.engine.store.AuditLog;
import io.cloudsweep.engine.decisions.Decisions;
import io.cloudsweep.engine.store.FindingQueries;
import io.cloudsweep.engine.store.StoredFinding;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Approvals, snoozes and rejections in PostgreSQL. Each is one transaction that holds the finding's row, records
 * the decision, changes the finding's status and appends its audit entry; an approval that completes the
 * policy begins the cleanup in the same transaction. Thread-safe; safe across replicas.
 */
public final class PostgresDecisions implements Decisions, FindingQueries {

    interface Dao {
        record Approver(String chatUserId, String role) {
        }

        @SqlQuery("""
                SELECT d.chat_user_id, d.role FROM decisions d
                WHERE d.finding_id = :finding AND d.decision = 'approve'
                  AND d.created_at > COALESCE((SELECT max(c.created_at) FROM cleanups c WHERE c.finding_id = :finding), '-infinity')
                ORDER BY d.id""")
        @RegisterConstructorMapper(Approver.class)
        List<Approver> pendingApprovals(@Bind("finding") long finding);

        /** Serialises the cap's count per account, across replicas, until the transaction ends. */
        @SqlQuery("SELECT 1 FROM (SELECT pg_advisory_xact_lock(hashtext(:organization || '/' || :account))) AS locked")
        int lockAccount(@Bind("organization") long organization, @Bind("account") String account);

        /** When each real cleanup in the account began since {@code since}, oldest first: what the cap counts. */
        @SqlQuery("""
                SELECT c.created_at FROM cleanups c JOIN findings f ON f.id = c.finding_id
                WHERE f.organization_id = :organization AND f.account_id = :account AND NOT c.dry_run AND c.created_at > :since
                ORDER BY c.created_at""")
        List<OffsetDateTime> startedSince(@Bind("organization") long organization, @Bind("account") String account,
                                          @Bind("since") OffsetDateTime since);

        @SqlQuery("SELECT cleanups_enabled FROM aws_accounts WHERE organization_id = :organization AND account_id = :account")
        Optional<Boolean> cleanupsEnabled(@Bind("organization") long organization, @Bind("account") String account);

        @SqlQuery("""
                INSERT INTO cleanups (organization_id, finding_id, state, dry_run, created_at, updated_at,
                                      step_log)
                VALUES (:organization, :finding, 'approved', :dryRun, :at, :at,
                        jsonb_build_array(jsonb_build_object('state', 'approved', 'by', :actor, 'detail', :detail, 'at', :at)))
                ON CONFLICT DO NOTHING
                RETURNING id""")
        Optional<Long> begin(@Bind("organization") long organization, @Bind("finding") long finding, @Bind("dryRun") boolean dryRun,
                             @Bind("actor") String actor, @Bind("detail") String detail, @Bind("at") OffsetDateTime at);
    }

    private final Jdbi jdbi;
    private final PostgresAuditLog audit;

    public PostgresDecisions(Database database) {
        this.jdbi = database.jdbi();
        this.audit = new PostgresAuditLog(database);
    }

    @Override
    public Optional<StoredFinding> find(long organizationId, long findingId) {
        return jdbi.withHandle(handle -> StoredFindings.find(handle, organizationId, findingId));
    }

    @Override
    public List<StoredFinding> open(long organizationId, Optional<String> ruleId, BigDecimal minMonthlyUsd) {
        return jdbi.withHandle(handle -> StoredFindings.open(handle, organizationId, ruleId, minMonthlyUsd));
    }

    @Override
    public OpenPage openPage(long organizationId, Optional<String> ruleId, BigDecimal minMonthlyUsd, Optional<Instant> since, int offset,
                             int limit) {
        return jdbi.withHandle(handle -> StoredFindings.openPage(handle, organizationId, ruleId, minMonthlyUsd, since, offset, limit));
    }

    @Override
    public java.util.Map<String, Integer> openLowRiskByRule(long organizationId) {
        return jdbi.withHandle(handle -> StoredFindings.openLowRiskByRule(handle, organizationId));
    }

    @Override
    public OpenWaste openWaste(long organizationId, int top) {
        return jdbi.withHandle(handle -> StoredFindings.openWaste(handle, organizationId, top));
    }

    @Override
    public List<StoredFinding> page(long organizationId, io.cloudsweep.engine.store.FindingFilter filter, long afterId, int limit) {
        return jdbi.withHandle(handle -> StoredFindings.page(handle, organizationId, filter, afterId, limit));
    }

    @Override
    public List<StoredFinding> cleaned(long organizationId) {
        return jdbi.withHandle(handle -> StoredFindings.cleaned(handle, organizationId));
    }

    @Override
    public Optional<ScanRecord> lastScan(long organizationId) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT id, started_at, started_by, status, findings_count, monthly_cost_usd FROM scans
                        WHERE organization_id = :organization ORDER BY id DESC LIMIT 1""")
                .bind("organization", organizationId)
                .map((row, context) -> new ScanRecord(row.getLong("id"), row.getTimestamp("started_at").toInstant(), row.getString("started_by"),
                        row.getString("status"), row.getInt("findings_count"), row.getBigDecimal("monthly_cost_usd")))
                .findOne());
    }

    @Override
    public Optional<Approval> approve(long organizationId, long findingId, Actor actor, Approvals approvals, Instant now) {
        return jdbi.inTransaction(handle -> StoredFindings.lock(handle, organizationId, findingId)
                .map(finding -> approve(handle, finding, actor, approvals, now)));
    }

    /** Reads the facts of the approval under the finding's lock, and persists what the engine decides on them. */
    private Approval approve(Handle handle, StoredFinding finding, Actor actor, Approvals approvals, Instant now) {
        Dao dao = handle.attach(Dao.class);
        List<Actor> earlier = dao.pendingApprovals(finding.id()).stream()
                .map(row -> new Actor(row.chatUserId(), Role.fromId(Optional.ofNullable(row.role()).orElse(Role.MEMBER.id()))))
                .toList();
        String account = finding.finding().resource().accountId();
        boolean enabled = dao.cleanupsEnabled(finding.organizationId(), account).orElse(false);
        Supplier<List<Instant>> started = () -> {
            dao.lockAccount(finding.organizationId(), account);
            return dao.startedSince(finding.organizationId(), account, time(Approvals.capWindowStart(now))).stream()
                    .map(OffsetDateTime::toInstant).toList();
        };
        Approvals.Transition transition = approvals.decide(new Approvals.Facts(finding, actor, earlier, enabled, started, now));
        if (transition instanceof Approvals.Transition.AlreadyBegun already) {
            return new Approval.AlreadyBegun(finding, already.cleanup().id(), already.cleanup().state());
        }
        if (transition instanceof Approvals.Transition.Deny deny) {
            return denied(handle, finding, actor, deny.reason(), now);
        }
        decide(handle, finding.organizationId(), finding.id(), actor, "approve", null, null, now);
        if (transition instanceof Approvals.Transition.Await awaiting) {
            audit.append(handle, event(finding, actor, "finding.approved", now, Map.of("risk", finding.finding().risk().id(),
                    "resource", finding.finding().resource().id(), "outcome", "awaiting a second admin")));
            return new Approval.Awaiting(reload(handle, finding), awaiting.message());
        }
        Approvals.Transition.Begin begin = (Approvals.Transition.Begin) transition;
        String approvers = String.join(", ", begin.approvers());
        Optional<Long> cleanupId = dao.begin(finding.organizationId(), finding.id(), begin.dryRun(), actor.userId(), "approved by " + approvers
                + actor.via().map(via -> "; the last through " + via).orElse(""), time(now));
        if (cleanupId.isEmpty()) {
            StoredFinding current = reload(handle, finding);
            StoredFinding.CleanupView view = FindingRules.cleanupInForce(current).orElseThrow();
            return new Approval.AlreadyBegun(current, view.id(), view.state());
        }
        setStatus(handle, finding.id(), begin.findingStatus().id(), null);
        audit.append(handle, event(finding, actor, "finding.approved", now, Map.of("risk", finding.finding().risk().id(),
                "resource", finding.finding().resource().id(), "outcome", "cleanup " + CleanupId.of(cleanupId.get()) + " begun",
                "approvers", approvers, "dry_run", String.valueOf(begin.dryRun()))));
        return new Approval.Started(reload(handle, finding), cleanupId.get(), begin.dryRun());
    }

    private Approval denied(Handle handle, StoredFinding finding, Actor actor, String reason, Instant now) {
        audit.append(handle, event(finding, actor, "finding.approval_denied", now, Map.of("reason", reason)));
        return new Approval.Denied(finding, reason);
    }

    @Override
    public Optional<Deferred> snooze(long organizationId, long findingId, Actor actor, Instant until, Instant now) {
        return defer(organizationId, findingId, actor, "snooze", Optional.empty(), Optional.of(until), now);
    }

    @Override
    public Optional<StoredFinding> wake(long organizationId, long findingId, Instant now) {
        return jdbi.inTransaction(handle -> StoredFindings.lock(handle, organizationId, findingId)
                .filter(finding -> finding.status() == StoredFinding.Status.SNOOZED
                        && finding.snoozedUntil().filter(until -> !until.isAfter(now)).isPresent())
                .map(finding -> {
                    setStatus(handle, findingId, StoredFinding.Status.OPEN.id(), null);
                    audit.append(handle, new AuditLog.Event(Optional.of(organizationId), now, "cloudsweep", "finding.snooze_ended",
                            "finding/" + findingId, Map.of("snoozed_until", finding.snoozedUntil().get().toString())));
                    return reload(handle, finding);
                }));
    }

    /** A snoozed finding, of any organization, whose snooze has ended. */
    public record EndedSnooze(long organizationId, long findingId) {
    }

    /**
     * The snoozed findings of every organization whose snooze ended by {@code now}, in id order after {@code afterId}, at
     * most {@code limit}: what a sweep wakes ({@link #wake}), a page at a time.
     */
    public List<EndedSnooze> snoozesEnded(Instant now, long afterId, int limit) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT organization_id, id FROM findings
                        WHERE status = 'snoozed' AND snoozed_until <= :now AND id > :after
                        ORDER BY id LIMIT :limit""")
                .bind("now", now.atOffset(ZoneOffset.UTC)).bind("after", afterId).bind("limit", limit)
                .map((rs, ctx) -> new EndedSnooze(rs.getLong("organization_id"), rs.getLong("id"))).list());
    }

    @Override
    public Optional<Deferred> reject(long organizationId, long findingId, Actor actor, Optional<String> reason, Instant now) {
        return defer(organizationId, findingId, actor, "reject", reason, Optional.empty(), now);
    }

    /** Snoozes or rejects, when the finding's status allows it; the stored finding is returned either way. */
    private Optional<Deferred> defer(long organizationId, long findingId, Actor actor, String decision, Optional<String> reason,
                                          Optional<Instant> until, Instant now) {
        return jdbi.inTransaction(handle -> StoredFindings.lock(handle, organizationId, findingId).map(finding -> {
            String past = decision.equals("snooze") ? "snoozed" : "rejected";
            Optional<String> refused = FindingRules.whyNotDeferrable(finding, past);
            if (refused.isPresent()) {
                return new Deferred(finding, refused);
            }
            decide(handle, organizationId, findingId, actor, decision, reason.orElse(null), until.orElse(null), now);
            setStatus(handle, findingId, past, until.orElse(null));
            Map<String, String> details = new LinkedHashMap<>();
            details.put("resource", finding.finding().resource().id());
            reason.ifPresent(why -> details.put("reason", why));
            until.ifPresent(when -> details.put("until", when.toString()));
            if (decision.equals("reject")) {
                long exclusion = handle.attach(Exclusions.Dao.class).excludeResource(organizationId, finding.finding().resource().accountId(),
                        finding.finding().resource().id(), finding.finding().ruleId(), reason.orElse("rejected in chat"), actor.userId());
                details.put("exclusion", String.valueOf(exclusion));
            }
            audit.append(handle, event(finding, actor, "finding." + past, now, details));
            return new Deferred(reload(handle, finding), Optional.empty());
        }));
    }

    /*
     * Every decision records itself and sets its finding's status: through Jdbi's fluent API, as attaching the Dao
     * costs more than these statements.
     */

    private static void decide(Handle handle, long organizationId, long findingId, Actor actor, String decision, String reason, Instant until,
                               Instant at) {
        handle.createUpdate("""
                        INSERT INTO decisions (organization_id, finding_id, chat_user_id, role, decision, reason, snooze_until, created_at)
                        VALUES (:organization, :finding, :user, :role, :decision, :reason, :until, :at)""")
                .bind("organization", organizationId).bind("finding", findingId).bind("user", actor.userId()).bind("role", actor.role().id())
                .bind("decision", decision).bind("reason", reason).bind("until", until == null ? null : time(until)).bind("at", time(at)).execute();
    }

    private static void setStatus(Handle handle, long findingId, String status, Instant snoozedUntil) {
        handle.createUpdate("UPDATE findings SET status = :status, snoozed_until = :until, updated_at = now() WHERE id = :finding")
                .bind("finding", findingId).bind("status", status).bind("until", snoozedUntil == null ? null : time(snoozedUntil)).execute();
    }

    private static StoredFinding reload(Handle handle, StoredFinding finding) {
        return StoredFindings.find(handle, finding.organizationId(), finding.id()).orElseThrow();
    }

    private static AuditLog.Event event(StoredFinding finding, Actor actor, String action, Instant now, Map<String, String> details) {
        Map<String, String> all = new java.util.TreeMap<>(details);
        actor.via().ifPresent(via -> all.put("via", via));
        return new AuditLog.Event(Optional.of(finding.organizationId()), now, actor.userId(), action, "finding/" + finding.id(), all);
    }

    private static OffsetDateTime time(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
