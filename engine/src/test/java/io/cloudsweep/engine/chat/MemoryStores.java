package io.cloudsweep.engine.chat;

import io.cloudsweep.engine.approval.Actor;
import io.cloudsweep.engine.approval.Role;
import io.cloudsweep.engine.cleanup.Cleanup;
import io.cloudsweep.engine.cleanup.CleanupState;
import io.cloudsweep.engine.cleanup.CleanupStore;
import io.cloudsweep.engine.decisions.Approvals;
import io.cloudsweep.engine.decisions.Decisions;
import io.cloudsweep.engine.decisions.FindingRules;
import io.cloudsweep.engine.model.Account;
import io.cloudsweep.engine.model.Finding;
import io.cloudsweep.engine.model.Money;
import io.cloudsweep.engine.scan.ScanReport;
import io.cloudsweep.engine.store.AccountSettings;
import io.cloudsweep.engine.store.AuditLog;
import io.cloudsweep.engine.store.FindingQueries;
import io.cloudsweep.engine.store.FindingStore;
import io.cloudsweep.engine.store.MemberRoles;
import io.cloudsweep.engine.store.Organization;
import io.cloudsweep.engine.store.StoredFinding;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The engine's store ports in memory, for tests of the interpreter and the conversation driver without a database:
 * findings upserted and resolved by scans, decisions persisted as the engine's {@link Approvals} decides them,
 * cleanups with compare-and-set transitions and the finding's status following as {@link StoredFinding.Status#after}
 * says, exclusions from rejections, and an audit trail. One lock for everything: each call is its own "transaction".
 * The semantics PostgreSQL adds (row locks across replicas, the hash chain) are the storage module's tests' job.
 */
final class MemoryStores implements FindingQueries, Decisions, FindingStore, CleanupStore, AuditLog, AccountSettings, MemberRoles {

    private record Row(long id, long organization, Finding finding, StoredFinding.Status status, Instant firstSeen, Instant lastSeen,
                       Optional<Instant> snoozedUntil) {
        Row with(StoredFinding.Status next, Optional<Instant> until) {
            return new Row(id, organization, finding, next, firstSeen, lastSeen, until);
        }

        String key() {
            return organization + "/" + finding.resource().accountId() + "/" + finding.resource().region().code() + "/" + finding.resource().id()
                    + "/" + finding.ruleId();
        }
    }

    private record DecisionRow(long finding, String user, Role role, String decision, Optional<String> reason, Optional<Instant> until,
                               Instant at) {
    }

    private record CleanupRow(long id, long organization, long finding, CleanupState state, boolean dryRun, Instant created, Instant since) {
    }

    private final Clock clock;
    private final Map<Long, Row> findings = new LinkedHashMap<>();
    private final List<DecisionRow> decisions = new ArrayList<>();
    private final Map<Long, CleanupRow> cleanups = new LinkedHashMap<>();
    private final List<String> exclusions = new ArrayList<>();
    private final Map<Long, List<ConnectedAccount>> accounts = new HashMap<>();
    private final Map<Long, Map<String, String>> thresholds = new HashMap<>();
    private final Map<String, Role> roles = new HashMap<>();
    private final List<Entry> audit = new ArrayList<>();
    private final List<ScanRecord> scans = new ArrayList<>();
    private long nextFinding = 1;
    private long nextCleanup = 1;

    MemoryStores(Clock clock) {
        this.clock = clock;
    }

    synchronized void connect(long organization, Account account, boolean cleanupsEnabled) {
        accounts.computeIfAbsent(organization, org -> new ArrayList<>())
                .add(ConnectedAccount.of(account.id(), account.name(), Optional.empty(), cleanupsEnabled));
    }

    synchronized Optional<Role> roleOf(long organization, String user) {
        return Optional.ofNullable(roles.get(organization + "/" + user));
    }

    synchronized List<Entry> audit() {
        return List.copyOf(audit);
    }

    // FindingStore

    @Override
    public synchronized SavedScan save(Organization organization, ScanReport report) {
        List<Finding> excluded = report.findings().stream().filter(finding -> exclusions.contains(exclusion(organization.id(), finding))).toList();
        int inserted = 0;
        int updated = 0;
        for (Finding finding : report.findings()) {
            if (excluded.contains(finding)) {
                continue;
            }
            Row fresh = new Row(nextFinding, organization.id(), finding, StoredFinding.Status.OPEN, report.startedAt(), report.startedAt(), Optional.empty());
            Optional<Row> known = findings.values().stream().filter(row -> row.key().equals(fresh.key())).findFirst();
            if (known.isEmpty()) {
                findings.put(nextFinding++, fresh);
                inserted++;
                continue;
            }
            Row row = known.get();
            boolean reopens = row.status() == StoredFinding.Status.RESOLVED || row.status() == StoredFinding.Status.SNOOZED
                    && row.snoozedUntil().filter(until -> !until.isAfter(report.startedAt())).isPresent();
            findings.put(row.id(), new Row(row.id(), row.organization(), finding, reopens ? StoredFinding.Status.OPEN : row.status(), row.firstSeen(),
                    report.startedAt(), reopens ? Optional.empty() : row.snoozedUntil()));
            updated++;
        }
        int resolved = 0;
        for (Row row : List.copyOf(findings.values())) {
            boolean scanned = row.organization() == organization.id() && report.accounts().stream().anyMatch(a -> a.id().equals(row.finding().resource().accountId()))
                    && report.regions().contains(row.finding().resource().region())
                    && report.failedRegions().stream().noneMatch(failed -> failed.region().equals(row.finding().resource().region()));
            boolean resolvable = switch (row.status()) {
                case OPEN, SNOOZED, APPROVED, FAILED, ROLLED_BACK -> true;
                default -> false;
            };
            if (scanned && resolvable && row.lastSeen().isBefore(report.startedAt())) {
                findings.put(row.id(), row.with(StoredFinding.Status.RESOLVED, row.snoozedUntil()));
                resolved++;
            }
        }
        ScanReport.Totals totals = ScanReport.Totals.of(report.findings().stream().filter(finding -> !excluded.contains(finding)).toList());
        long scanId = scans.size() + 1;
        scans.add(new ScanRecord(scanId, report.startedAt(), report.startedBy(), "completed", totals.findings(), totals.monthly().amount()));
        return new SavedScan(scanId, inserted, updated, resolved, excluded);
    }

    private static String exclusion(long organization, Finding finding) {
        return organization + "/" + finding.resource().accountId() + "/" + finding.resource().id() + "/" + finding.ruleId();
    }

    // FindingQueries

    @Override
    public synchronized Optional<StoredFinding> find(long organizationId, long findingId) {
        return Optional.ofNullable(findings.get(findingId)).filter(row -> row.organization() == organizationId).map(this::stored);
    }

    @Override
    public synchronized List<StoredFinding> open(long organizationId, Optional<String> ruleId, BigDecimal minMonthlyUsd) {
        return findings.values().stream().filter(row -> row.organization() == organizationId)
                .filter(row -> switch (row.status()) {
                    case OPEN, FAILED, ROLLED_BACK -> true;
                    default -> false;
                })
                .filter(row -> ruleId.map(rule -> rule.equals(row.finding().ruleId())).orElse(true))
                .filter(row -> row.finding().monthlyCost().orElse(Money.ZERO).amount().compareTo(minMonthlyUsd) >= 0)
                .sorted(Comparator.comparing((Row row) -> row.finding().monthlyCost().orElse(Money.ZERO)).reversed().thenComparing(Row::id))
                .map(this::stored).toList();
    }

    @Override
    public synchronized List<StoredFinding> page(long organizationId, io.cloudsweep.engine.store.FindingFilter filter, long afterId, int limit) {
        return findings.values().stream().filter(row -> row.organization() == organizationId && row.id() > afterId)
                .sorted(Comparator.comparing(Row::id)).map(this::stored).filter(filter::admits).limit(limit).toList();
    }

    @Override
    public synchronized List<StoredFinding> cleaned(long organizationId) {
        return findings.values().stream().filter(row -> row.organization() == organizationId && row.status() == StoredFinding.Status.CLEANED)
                .map(this::stored).toList();
    }

    @Override
    public synchronized Optional<ScanRecord> lastScan(long organizationId) {
        return scans.isEmpty() ? Optional.empty() : Optional.of(scans.get(scans.size() - 1));
    }

    private StoredFinding stored(Row row) {
        List<StoredFinding.DecisionRecord> made = decisions.stream().filter(d -> d.finding() == row.id())
                .map(d -> new StoredFinding.DecisionRecord(d.user(), d.decision(), d.reason(), d.until(), d.at())).toList();
        Optional<StoredFinding.CleanupView> latest = latestCleanup(row.id())
                .map(c -> new StoredFinding.CleanupView(c.id(), c.state(), c.dryRun(), c.since()));
        return new StoredFinding(row.id(), row.organization(), row.finding(), row.status(), row.firstSeen(), row.snoozedUntil(), made, latest);
    }

    private Optional<CleanupRow> latestCleanup(long finding) {
        return cleanups.values().stream().filter(c -> c.finding() == finding).reduce((first, second) -> second);
    }

    // Decisions

    @Override
    public synchronized Optional<Approval> approve(long organizationId, long findingId, Actor actor, Approvals approvals, Instant now) {
        Optional<StoredFinding> held = find(organizationId, findingId);
        if (held.isEmpty()) {
            return Optional.empty();
        }
        StoredFinding finding = held.get();
        Instant after = latestCleanup(findingId).map(CleanupRow::created).orElse(Instant.MIN);
        List<Actor> earlier = decisions.stream().filter(d -> d.finding() == findingId && d.decision().equals("approve") && d.at().isAfter(after))
                .map(d -> new Actor(d.user(), d.role())).toList();
        String account = finding.finding().resource().accountId();
        boolean enabled = accounts.getOrDefault(organizationId, List.of()).stream().filter(a -> a.accountId().equals(account)).findFirst()
                .map(ConnectedAccount::cleanupsEnabled).orElse(false);
        List<Instant> started = cleanups.values().stream().filter(c -> c.organization() == organizationId && !c.dryRun()
                        && findings.get(c.finding()).finding().resource().accountId().equals(account) && c.created().isAfter(Approvals.capWindowStart(now)))
                .map(CleanupRow::created).sorted().toList();
        Approvals.Transition transition = approvals.decide(new Approvals.Facts(finding, actor, earlier, enabled, () -> started, now));
        if (transition instanceof Approvals.Transition.AlreadyBegun already) {
            return Optional.of(new Approval.AlreadyBegun(finding, already.cleanup().id(), already.cleanup().state()));
        }
        if (transition instanceof Approvals.Transition.Deny deny) {
            append(actor.userId(), "finding.approval_denied", findingId, Map.of("reason", deny.reason()));
            return Optional.of(new Approval.Denied(finding, deny.reason()));
        }
        decisions.add(new DecisionRow(findingId, actor.userId(), actor.role(), "approve", Optional.empty(), Optional.empty(), now));
        if (transition instanceof Approvals.Transition.Await await) {
            append(actor.userId(), "finding.approved", findingId, Map.of("outcome", "awaiting a second admin"));
            return Optional.of(new Approval.Awaiting(find(organizationId, findingId).orElseThrow(), await.message()));
        }
        Approvals.Transition.Begin begin = (Approvals.Transition.Begin) transition;
        long cleanupId = nextCleanup++;
        cleanups.put(cleanupId, new CleanupRow(cleanupId, organizationId, findingId, new CleanupState.Approved(), begin.dryRun(), now, now));
        findings.put(findingId, findings.get(findingId).with(begin.findingStatus(), Optional.empty()));
        append(actor.userId(), "finding.approved", findingId, Map.of("outcome", "cleanup C-" + cleanupId + " begun"));
        return Optional.of(new Approval.Started(find(organizationId, findingId).orElseThrow(), cleanupId, begin.dryRun()));
    }

    @Override
    public synchronized Optional<Deferred> snooze(long organizationId, long findingId, Actor actor, Instant until, Instant now) {
        return defer(organizationId, findingId, actor, "snooze", Optional.empty(), Optional.of(until), now);
    }

    @Override
    public synchronized Optional<Deferred> reject(long organizationId, long findingId, Actor actor, Optional<String> reason, Instant now) {
        return defer(organizationId, findingId, actor, "reject", reason, Optional.empty(), now);
    }

    @Override
    public synchronized Optional<StoredFinding> wake(long organizationId, long findingId, Instant now) {
        Row row = findings.get(findingId);
        if (row == null || row.organization() != organizationId || row.status() != StoredFinding.Status.SNOOZED
                || row.snoozedUntil().filter(until -> !until.isAfter(now)).isEmpty()) {
            return Optional.empty();
        }
        findings.put(findingId, row.with(StoredFinding.Status.OPEN, Optional.empty()));
        append("cloudsweep", "finding.snooze_ended", findingId, Map.of());
        return find(organizationId, findingId);
    }

    private Optional<Deferred> defer(long organizationId, long findingId, Actor actor, String decision, Optional<String> reason,
                                     Optional<Instant> until, Instant now) {
        return find(organizationId, findingId).map(finding -> {
            String past = decision.equals("snooze") ? "snoozed" : "rejected";
            Optional<String> refused = FindingRules.whyNotDeferrable(finding, past);
            if (refused.isPresent()) {
                return new Deferred(finding, refused);
            }
            decisions.add(new DecisionRow(findingId, actor.userId(), actor.role(), decision, reason, until, now));
            findings.put(findingId, findings.get(findingId).with(StoredFinding.Status.fromId(past), until));
            if (decision.equals("reject")) {
                exclusions.add(exclusion(organizationId, finding.finding()));
            }
            append(actor.userId(), "finding." + past, findingId, Map.of());
            return new Deferred(find(organizationId, findingId).orElseThrow(), Optional.empty());
        });
    }

    // CleanupStore

    @Override
    public synchronized boolean transition(long cleanupId, CleanupState from, CleanupState to, String actor, String detail) {
        CleanupRow row = cleanups.get(cleanupId);
        if (row == null || !row.state().equals(from)) {
            return false;
        }
        cleanups.put(cleanupId, new CleanupRow(row.id(), row.organization(), row.finding(), to, row.dryRun(), row.created(), clock.instant()));
        Row finding = findings.get(row.finding());
        findings.put(row.finding(), finding.with(finding.status().after(to, row.dryRun()), finding.snoozedUntil()));
        audit.add(new Entry(audit.size() + 1, clock.instant(), actor, "cleanup." + to.id(), "cleanup/" + cleanupId, Map.of("detail", detail)));
        return true;
    }

    @Override
    public <T> Optional<T> exclusively(long cleanupId, Supplier<T> work) {
        return Optional.of(work.get());
    }

    @Override
    public synchronized Optional<Cleanup> find(long cleanupId) {
        return Optional.ofNullable(cleanups.get(cleanupId)).map(row -> {
            Finding finding = findings.get(row.finding()).finding();
            Optional<String> excluded = exclusions.contains(exclusion(row.organization(), finding)) ? Optional.of("a rejection") : Optional.empty();
            return new Cleanup(row.id(), row.organization(), row.finding(), new Account(finding.resource().accountId(), "demo"), finding, row.dryRun(),
                    row.state(), row.since(), excluded);
        });
    }

    // AuditLog

    @Override
    public synchronized String append(Event event) {
        audit.add(new Entry(audit.size() + 1, event.at(), event.actor(), event.action(), event.subject(), event.details()));
        return "hash-" + audit.size();
    }

    private void append(String actor, String action, long finding, Map<String, String> details) {
        append(new Event(Optional.empty(), clock.instant(), actor, action, "finding/" + finding, details));
    }

    @Override
    public Optional<Break> verify() {
        return Optional.empty();
    }

    @Override
    public synchronized List<Entry> before(long organizationId, long beforeId, int count) {
        List<Entry> older = audit.stream().filter(entry -> entry.id() < beforeId).toList();
        return older.subList(Math.max(0, older.size() - count), older.size());
    }

    // AccountSettings

    @Override
    public synchronized List<ConnectedAccount> accounts(long organizationId) {
        return List.copyOf(accounts.getOrDefault(organizationId, List.of()));
    }

    @Override
    public synchronized Map<String, String> ruleThresholds(long organizationId) {
        return Map.copyOf(thresholds.getOrDefault(organizationId, Map.of()));
    }

    @Override
    public synchronized void setRuleThreshold(long organizationId, String key, String value, String actor) {
        thresholds.computeIfAbsent(organizationId, org -> new HashMap<>()).put(key, value);
        append(new Event(Optional.of(organizationId), clock.instant(), actor, "policy.threshold", "organization/" + organizationId,
                Map.of("key", key, "value", value)));
    }

    @Override
    public synchronized boolean setCleanups(long organizationId, String accountId, boolean enabled, String actor) {
        List<ConnectedAccount> connected = accounts.getOrDefault(organizationId, new ArrayList<>());
        for (int i = 0; i < connected.size(); i++) {
            ConnectedAccount account = connected.get(i);
            if (account.accountId().equals(accountId)) {
                connected.set(i, new ConnectedAccount(account.accountId(), account.name(), account.roleArn(), account.externalId(), enabled,
                        account.missingPermissions(), account.lastScan()));
                append(new Event(Optional.of(organizationId), clock.instant(), actor, "policy.cleanup", "account/" + accountId,
                        Map.of("cleanups", enabled ? "on" : "off")));
                return true;
            }
        }
        return false;
    }

    @Override
    public synchronized String externalId(long organizationId) {
        return "cs-test-" + organizationId;
    }

    @Override
    public synchronized Connecting connect(long organizationId, ConnectedAccount account, String actor) {
        for (Map.Entry<Long, List<ConnectedAccount>> org : accounts.entrySet()) {
            for (ConnectedAccount existing : org.getValue()) {
                if (existing.accountId().equals(account.accountId())) {
                    return org.getKey() == organizationId ? new Connecting.AlreadyHere(existing) : new Connecting.Elsewhere();
                }
            }
        }
        accounts.computeIfAbsent(organizationId, org -> new ArrayList<>()).add(account);
        append(new Event(Optional.of(organizationId), clock.instant(), actor, "account.connected", "account/" + account.accountId(), Map.of()));
        return new Connecting.Connected(account);
    }

    @Override
    public synchronized boolean disconnect(long organizationId, String accountId, String actor) {
        boolean removed = accounts.getOrDefault(organizationId, new ArrayList<>()).removeIf(a -> a.accountId().equals(accountId));
        if (removed) {
            append(new Event(Optional.of(organizationId), clock.instant(), actor, "account.disconnected", "account/" + accountId, Map.of()));
        }
        return removed;
    }

    @Override
    public synchronized void recordMissing(long organizationId, String accountId, List<String> missingPermissions) {
        List<ConnectedAccount> connected = accounts.getOrDefault(organizationId, new ArrayList<>());
        connected.replaceAll(a -> a.accountId().equals(accountId) ? new ConnectedAccount(a.accountId(), a.name(), a.roleArn(), a.externalId(),
                a.cleanupsEnabled(), missingPermissions, a.lastScan()) : a);
    }

    // MemberRoles

    @Override
    public synchronized void setRole(long organizationId, String userId, Role role, String actor) {
        roles.put(organizationId + "/" + userId, role);
    }
}
