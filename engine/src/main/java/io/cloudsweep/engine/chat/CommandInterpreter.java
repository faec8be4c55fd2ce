package io.cloudsweep.engine.chat;

import io.cloudsweep.engine.approval.Actor;
import io.cloudsweep.engine.approval.ApprovalPolicy;
import io.cloudsweep.engine.approval.Decision;
import io.cloudsweep.engine.approval.Role;
import io.cloudsweep.engine.cleanup.Cleanup;
import io.cloudsweep.engine.cleanup.CleanupLimits;
import io.cloudsweep.engine.cleanup.CleanupQueue;
import io.cloudsweep.engine.cleanup.CleanupService;
import io.cloudsweep.engine.cleanup.CleanupStore;
import io.cloudsweep.engine.model.CleanupId;
import io.cloudsweep.engine.model.FindingId;
import io.cloudsweep.engine.model.Money;
import io.cloudsweep.engine.report.ChartRenderer;
import io.cloudsweep.engine.report.Digest;
import io.cloudsweep.engine.report.Digests;
import io.cloudsweep.engine.model.Risk;
import io.cloudsweep.engine.chat.ScanRunner;
import io.cloudsweep.engine.rules.OrganizationRules;
import io.cloudsweep.engine.store.AccountSettings;
import io.cloudsweep.engine.store.ApiKeys;
import io.cloudsweep.engine.store.AuditLog;
import io.cloudsweep.engine.decisions.Approvals;
import io.cloudsweep.engine.decisions.Decisions;
import io.cloudsweep.engine.store.DirectNotices;
import io.cloudsweep.engine.store.FindingQueries;
import io.cloudsweep.engine.store.MemberRoles;
import io.cloudsweep.engine.store.NotifyTargets;
import io.cloudsweep.engine.store.Organization;
import io.cloudsweep.engine.store.StoredFinding;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The one interpreter behind every chat: a {@link ChatCommand} in (typed or pressed), a typed {@link Reply} out, the
 * same for Slack, Teams and the console; the {@link ConversationDriver} places the reply. It checks the caller's
 * role for everything it does, and never trusts an id it was given: a finding or cleanup of another organization is
 * "not found". Approvals begin cleanups and hand them to the queue; the
 * workers report their steps through the {@link ChatListener} of whoever watches. Thread-safe.
 */
public final class CommandInterpreter {

    /** The stores and services the interpreter works through. */
    public record Ports(FindingQueries findings, Decisions decisions, CleanupStore cleanups, CleanupService cleanupService,
                        CleanupQueue queue, AuditLog audit, AccountSettings accounts, MemberRoles roles, ScanRunner scans,
                        AccountConnector connector, ScanSchedules schedules, ScanQueue scanQueue, Digests digests,
                        DigestSchedules digestSchedules, ChartRenderer charts, NotifyTargets notifyTargets, DirectNotices directNotices,
                        ApiKeys apiKeys) {
        public Ports {
            Objects.requireNonNull(findings, "findings");
            Objects.requireNonNull(decisions, "decisions");
            Objects.requireNonNull(cleanups, "cleanups");
            Objects.requireNonNull(cleanupService, "cleanupService");
            Objects.requireNonNull(queue, "queue");
            Objects.requireNonNull(audit, "audit");
            Objects.requireNonNull(accounts, "accounts");
            Objects.requireNonNull(roles, "roles");
            Objects.requireNonNull(scans, "scans");
            Objects.requireNonNull(connector, "connector");
            Objects.requireNonNull(schedules, "schedules");
            Objects.requireNonNull(scanQueue, "scanQueue");
            Objects.requireNonNull(digests, "digests");
            Objects.requireNonNull(digestSchedules, "digestSchedules");
            Objects.requireNonNull(charts, "charts");
            Objects.requireNonNull(notifyTargets, "notifyTargets");
            Objects.requireNonNull(directNotices, "directNotices");
            Objects.requireNonNull(apiKeys, "apiKeys");
        }
    }

    /** The most open findings a scan's CSV holds: a chat file of a few megabytes, however many there are. */
    public static final int CSV_ROWS = 10_000;

    private static final DateTimeFormatter SINCE = DateTimeFormatter.ofPattern("HH:mm 'UTC'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DAY_AND_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    private final CommandParser parser;
    private final Ports ports;
    private final ApprovalPolicy policy;
    private final CleanupLimits limits;
    private final Cards cards;
    private final Approvals approvals;
    private final AccountCommands accounts;
    private final DigestCommands digests;
    private final NotifyCommands notifications;
    private final ApiKeyCommands apiKeys;
    private final ThresholdCommands thresholds;
    private final Clock clock;

    /** @param rules the rules each organization judges with, to check the thresholds set from chat */
    public CommandInterpreter(CommandParser parser, Ports ports, ApprovalPolicy policy, CleanupLimits limits, OrganizationRules rules,
                              Clock clock) {
        this.parser = Objects.requireNonNull(parser, "parser");
        this.ports = Objects.requireNonNull(ports, "ports");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.limits = Objects.requireNonNull(limits, "limits");
        this.cards = new Cards(limits.undoWindow());
        this.approvals = new Approvals(policy, limits);
        this.accounts = new AccountCommands(ports.accounts(), ports.audit(), ports.connector(), clock);
        this.notifications = new NotifyCommands(ports.notifyTargets(), ports.directNotices());
        this.apiKeys = new ApiKeyCommands(ports.apiKeys(), ports.audit(), clock);
        this.thresholds = new ThresholdCommands(ports.accounts(), rules);
        this.digests = new DigestCommands(ports.digests(), ports.digestSchedules(), ports.charts(), ports.audit(), cards, clock);
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public Cards cards() {
        return cards;
    }

    public CommandParser parser() {
        return parser;
    }

    /**
     * One command, as the person who typed or pressed it, in their organization's chat.
     *
     * @param progress hears a scan's progress as it goes
     * @param users    who a mention names in this chat (for {@code role}); empty when the chat knows no such user
     * @param conversation where it was asked (a Slack channel, a Teams conversation): where scheduled results go
     * @param confides     whether the chat can show the person something no one else in the conversation sees (a secret)
     */
    public record Request(Organization organization, Actor actor, ChatCommand command, ChatListener progress,
                          Function<String, Optional<String>> users, String conversation, boolean confides) {
        public Request(Organization organization, Actor actor, ChatCommand command, ChatListener progress,
                       Function<String, Optional<String>> users, String conversation) {
            this(organization, actor, command, progress, users, conversation, false);
        }

        public Request {
            Objects.requireNonNull(conversation, "conversation");
            Objects.requireNonNull(organization, "organization");
            Objects.requireNonNull(actor, "actor");
            Objects.requireNonNull(command, "command");
            Objects.requireNonNull(progress, "progress");
            Objects.requireNonNull(users, "users");
        }
    }

    /** Runs what the person asked for. */
    public Reply run(Request request) {
        ChatCommand command = request.command();
        long org = request.organization().id();
        Actor actor = request.actor();
        if (command instanceof ChatCommand.Help help) {
            return new Reply.Private(usage(help));
        }
        if (command instanceof ChatCommand.Scan) {
            throw new IllegalArgumentException("a scan is queued (queueScan) and run where it is taken (runQueued), not run here");
        }
        if (command instanceof ChatCommand.Findings findings) {
            // a page read, never every open finding: an organization may have hundreds of thousands
            FindingQueries.OpenPage page = ports.findings().openPage(org, findings.ruleId(), findings.minMonthlyUsd(), findings.newSince(),
                    findings.from(), ConversationDriver.PAGE);
            String since = findings.newSince().map(at -> " first seen since " + DAY_AND_TIME.format(at)).orElse("");
            if (page.total() == 0) {
                return new Reply.Shown(List.of(new Card.Text("No open findings" + findings.ruleId().map(rule -> " for " + rule).orElse("") + since + ".")));
            }
            Instant now = clock.instant();
            return new Reply.Listing(page.total() + " open finding" + (page.total() == 1 ? "" : "s") + since + ":",
                    page.findings().stream().map(finding -> cards.finding(finding, now)).toList(), findings, page.total());
        }
        if (command instanceof ChatCommand.Approve approve) {
            return approve(org, actor, approve.findingId()).<Reply>map(Reply.Decided::one).orElseGet(() -> notFound(approve.findingId()));
        }
        if (command instanceof ChatCommand.ApproveLowRisk lowRisk) {
            return approveLowRisk(org, actor, lowRisk.ruleId());
        }
        if (command instanceof ChatCommand.Snooze snooze) {
            return defer(org, actor, snooze.findingId(), Optional.of(snooze.duration()), Optional.empty());
        }
        if (command instanceof ChatCommand.Reject reject) {
            return defer(org, actor, reject.findingId(), Optional.empty(), reject.reason());
        }
        if (command instanceof ChatCommand.Undo undo) {
            return undo(org, actor, undo.cleanupId());
        }
        if (command instanceof ChatCommand.Audit audit) {
            return new Reply.Shown(List.of(new Card.AuditTrail(ports.audit().recent(org, audit.entries()), ports.audit().verify())));
        }
        if (command instanceof ChatCommand.Savings) {
            return digests.savings(org);
        }
        if (command instanceof ChatCommand.DigestNow now) {
            return digests.digest(request.organization(), now.scope(), ZoneOffset.UTC);
        }
        if (command instanceof ChatCommand.ScheduleDigest schedule) {
            return digests.schedule(request.organization(), actor, request.conversation(), schedule);
        }
        if (command instanceof ChatCommand.ShowNotify) {
            return notifications.list(org);
        }
        if (command instanceof ChatCommand.AddNotify add) {
            if (add.kind() == NotifyTargets.Kind.WEBHOOK && !request.confides() && actor.role() == Role.ADMIN) {
                return new Reply.Private("A webhook's signing secret is shown once, to you alone, which this conversation cannot do:"
                        + " add it in a direct message with CloudSweep.");
            }
            return notifications.add(request.organization(), actor, request.conversation(), add);
        }
        if (command instanceof ChatCommand.CreateApiKey create) {
            return apiKeys.create(request.organization(), actor, request.confides(), create);
        }
        if (command instanceof ChatCommand.ListApiKeys) {
            return apiKeys.list(org, actor);
        }
        if (command instanceof ChatCommand.RevokeApiKey revoke) {
            return apiKeys.revoke(org, actor, revoke.name());
        }
        if (command instanceof ChatCommand.NotifyMe me) {
            return notifications.me(request.organization(), actor, me.on());
        }
        if (command instanceof ChatCommand.RemoveNotify remove) {
            return notifications.remove(org, actor, remove.id());
        }
        if (command instanceof ChatCommand.EnableNotify enable) {
            return notifications.enable(org, actor, enable.id());
        }
        if (command instanceof ChatCommand.ScheduleDigestOff) {
            return digests.off(request.organization(), actor, request.conversation());
        }
        if (command instanceof ChatCommand.Accounts) {
            return accounts.list(org);
        }
        if (command instanceof ChatCommand.ConnectHelp) {
            return accounts.connectHelp(org, actor);
        }
        if (command instanceof ChatCommand.Connect connect) {
            return accounts.connect(org, actor, connect);
        }
        if (command instanceof ChatCommand.ConnectCurrent current) {
            return accounts.connectCurrent(org, actor, current);
        }
        if (command instanceof ChatCommand.Disconnect disconnect) {
            return accounts.disconnect(org, actor, disconnect);
        }
        if (command instanceof ChatCommand.ShowPolicy) {
            return showPolicy(org);
        }
        if (command instanceof ChatCommand.SetPolicy set) {
            return setPolicy(org, actor, set);
        }
        if (command instanceof ChatCommand.SetRole role) {
            return setRole(org, actor, role, request.users());
        }
        if (command instanceof ChatCommand.ScheduleScan schedule) {
            return scheduleScan(request, schedule);
        }
        if (command instanceof ChatCommand.ScheduleScanOff) {
            if (actor.role() != Role.ADMIN) {
                return new Reply.Private("Only admins can change the scan schedule.");
            }
            boolean removed = ports.schedules().off(org, actor.userId());
            if (removed) {
                ports.audit().append(new AuditLog.Event(Optional.of(org), clock.instant(), actor.userId(), "schedule.scan_off", "schedule/scan",
                        java.util.Map.of()));
            }
            return new Reply.Shown(List.of(new Card.Text(removed ? "Scheduled scans are off." : "No scan was scheduled.")));
        }
        if (command instanceof ChatCommand.ShowSchedule) {
            List<String> lines = scheduled(org);
            return new Reply.Shown(List.of(new Card.Text(lines.isEmpty()
                    ? "Nothing is scheduled. `schedule scan daily 06:00 Europe/Berlin` scans every day and posts what changed here;"
                    + " `schedule digest weekly mon 09:00 Europe/London` posts the weekly digest here."
                    : String.join("\n", lines))));
        }
        return new Reply.Private("`" + String.join(" ", ButtonCodec.words(command)) + "` is coming in a later version, not in this one."
                + " Type `help` for what works now.");
    }

    /**
     * Every command for {@code help}; after a mistake, only what was wrong, how the command it meant is written, and
     * where the rest is.
     */
    public static String usage(ChatCommand.Help help) {
        if (help.problem().isEmpty()) {
            return "Commands:\n" + CommandParser.USAGE;
        }
        List<String> lines = help.verb().map(CommandParser::usageOf).orElse(List.of());
        return help.problem().get() + (lines.isEmpty() ? "" : "\n" + String.join("\n", lines)) + "\nType `help` for every command.";
    }

    /**
     * Queues a scan asked for in {@code request}'s conversation, its progress and summary to go on message
     * {@code message}: a {@link Reply.Queued}, or why not (a viewer, no such account, a scan already reading one of its
     * accounts: which, since when, how far).
     */
    public Reply queueScan(Request request, String message, boolean scheduled) {
        if (!(request.command() instanceof ChatCommand.Scan scan)) {
            throw new IllegalArgumentException("not a scan: " + request.command());
        }
        if (request.actor().role() == Role.VIEWER) {
            return new Reply.Private("Viewers cannot start scans; ask an admin to make you a member.");
        }
        List<AccountSettings.ConnectedAccount> connected = ports.accounts().accounts(request.organization().id());
        if (connected.isEmpty()) {
            return new Reply.Private("No AWS account is connected. `connect` tells how.");
        }
        List<String> read = connected.stream().filter(account -> scan.account().map(account::isCalled).orElse(true))
                .map(AccountSettings.ConnectedAccount::accountId).toList();
        if (read.isEmpty()) {
            return new Reply.Private("Account " + scan.account().get() + " is not connected; connected: " + connected.stream()
                    .map(account -> account.accountId() + (account.name().equals(account.accountId()) ? "" : " (" + account.name() + ")"))
                    .collect(Collectors.joining(", ")) + ".");
        }
        ScanQueue.Claim claim = ports.scanQueue().queue(new ScanQueue.Order(request.organization().id(), request.organization().platform(),
                request.conversation(), request.actor(), scan, message, scheduled, read));
        if (claim instanceof ScanQueue.Claim.Busy busy) {
            return new Reply.Private(busy(busy.running()));
        }
        if (claim instanceof ScanQueue.Claim.Limited limited) {
            long seconds = Math.max(1, (limited.retryAfter().toMillis() + 999) / 1000);
            return new Reply.Throttled("This workspace has started as many scans as it may for now; the next may start in "
                    + (seconds < 120 ? seconds + " s" : (seconds + 59) / 60 + " min") + ".", limited.retryAfter());
        }
        ScanQueue.Claim.Accepted accepted = (ScanQueue.Claim.Accepted) claim;
        return new Reply.Queued(accepted.scan(), accepted.here());
    }

    private String busy(ScanQueue.Running running) {
        long minutes = Duration.between(running.since(), clock.instant()).toMinutes();
        String who = running.startedBy().equals(ConversationDriver.SCHEDULE.userId()) ? "the schedule" : running.startedBy();
        return "A scan of " + String.join(", ", running.accounts()) + " is running: scan " + running.id() + ", started by " + who + " at "
                + SINCE.format(running.since())
                + " (" + (minutes < 1 ? "under a minute" : minutes + " min") + " ago), " + running.progress().orElse("not begun yet")
                + ". Its summary will be posted where it was asked for.";
    }

    /**
     * Runs a queued scan, on whichever replica took it: its progress goes to {@code progress} and, in words, to the
     * queue (so a second {@code scan} can say how far it is); its accounts are freed however it ends.
     */
    public Reply runQueued(Organization organization, ScanQueue.QueuedScan queued, ChatListener progress) {
        ScanQueue.Order order = queued.order();
        String outcome = "failed: it stopped";
        OptionalLong stored = OptionalLong.empty();
        try {
            Reply reply = scan(organization, order.actor(), order.command(), card -> {
                if (card instanceof Card.ScanProgress at) {
                    ports.scanQueue().progress(queued.id(), at.regionsDone() + " of " + at.regionsTotal() + " regions read, " + at.findings()
                            + " finding" + (at.findings() == 1 ? "" : "s") + " so far");
                }
                progress.show(card);
            }, order.scheduled());
            if (reply instanceof Reply.Scanned scanned) {
                outcome = "completed";
                stored = OptionalLong.of(scanned.scanId());
            } else {
                outcome = "failed: " + (reply instanceof Reply.Private why ? why.text() : reply);
            }
            return reply;
        } finally {
            ports.scanQueue().finished(queued.id(), outcome, stored);
        }
    }

    /** What is scheduled for the organization, a line each: its scans, then each conversation's digests. */
    private List<String> scheduled(long org) {
        List<String> lines = new ArrayList<>();
        ports.schedules().scheduled(org).ifPresent(s -> lines.add("Scans of every connected account: " + s.words() + " (" + s.zone()
                + "), posted in " + s.conversation() + " (" + s.platform().id() + "), set by " + s.setBy()
                + s.next().map(next -> "; next " + next).orElse("") + "."));
        lines.addAll(digests.scheduled(org));
        return lines;
    }

    /** The organization's dashboard (Slack's App Home): open waste, realised savings, top findings, last scan, accounts, schedules. */
    public List<Card> dashboard(Organization organization) {
        long org = organization.id();
        return Cards.dashboard(ports.findings().openWaste(org, Cards.DASHBOARD_TOP), ports.digests().savings(org, ZoneOffset.UTC),
                ports.accounts().accounts(org), ports.findings().lastScan(org), scheduled(org));
    }

    /** A scheduled digest of {@code organization} (the weekly digest or last month's report), its weeks starting in {@code zone}. */
    public Reply.Digested digest(Organization organization, Digest.Scope scope, ZoneId zone) {
        return digests.digest(organization, scope, zone);
    }

    /** A finding whose snooze has ended, opened again: its card; empty when it is no longer snoozed or not yet due. */
    public Optional<Card.FindingCard> snoozeEnded(Organization organization, long findingId) {
        Instant now = clock.instant();
        return ports.decisions().wake(organization.id(), findingId, now).map(finding -> cards.finding(finding, now));
    }

    /**
     * Runs a scan and answers with its summary and what to post after it: every open finding for a scan someone asked
     * for, only those it found first for a {@code scheduled} one. Open findings are read a page at a time, never all of
     * them: an organization may have hundreds of thousands.
     */
    private Reply scan(Organization organization, Actor actor, ChatCommand.Scan scan, ChatListener listener, boolean scheduled) {
        if (actor.role() == Role.VIEWER) {
            return new Reply.Private("Viewers cannot start scans; ask an admin to make you a member.");
        }
        ScanRunner.Outcome outcome;
        try {
            outcome = ports.scans().scan(organization, scan.account(), scan.regions(), actor.userId(),
                    progress -> listener.show(new Card.ScanProgress(progress.regionsDone(), progress.regionsTotal(), progress.resourcesSeen(),
                            progress.findings(), progress.monthlyCost().toString())));
        } catch (IllegalArgumentException e) {
            return new Reply.Private(e.getMessage());
        }
        long org = organization.id();
        Card.ScanSummary summary = cards.summary(outcome.report(), outcome.saved(), ports.findings().openLowRiskByRule(org));
        Instant now = clock.instant();
        if (scheduled) {
            Instant began = outcome.report().startedAt().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
            FindingQueries.OpenPage fresh = ports.findings().openPage(org, Optional.empty(), BigDecimal.ZERO, Optional.of(began), 0,
                    ConversationDriver.PAGE);
            return new Reply.Scanned(outcome.saved().scanId(), summary, fresh.findings().stream().map(finding -> cards.finding(finding, now)).toList(),
                    fresh.total(), ChatCommand.Findings.newSince(began), Optional.empty());
        }
        // one read of the first CSV_ROWS in the listing's order: the first page of cards and the CSV both come from it
        FindingQueries.OpenPage open = ports.findings().openPage(org, Optional.empty(), BigDecimal.ZERO, Optional.empty(), 0, CSV_ROWS);
        List<StoredFinding> first = open.findings().subList(0, Math.min(ConversationDriver.PAGE, open.findings().size()));
        Optional<Reply.File> csv = open.total() == 0 ? Optional.empty() : Optional.of(new Reply.File("cloudsweep-findings.csv",
                open.total() <= CSV_ROWS ? "Every open finding (" + open.total() + ")"
                        : "The first " + CSV_ROWS + " of " + open.total() + " open findings, by rule, costliest first (the REST API's"
                        + " GET /api/v1/findings pages through them all)", Cards.csv(open.findings())));
        return new Reply.Scanned(outcome.saved().scanId(), summary, first.stream().map(finding -> cards.finding(finding, now)).toList(),
                open.total(), ChatCommand.Findings.all(), csv);
    }

    /** Empty when the organization has no such finding. */
    private Optional<Reply.Outcome> approve(long org, Actor actor, FindingId findingId) {
        Optional<Decisions.Approval> approval = ports.decisions().approve(org, findingId.value(), actor, approvals, clock.instant());
        if (approval.isEmpty()) {
            return Optional.empty();
        }
        Decisions.Approval outcome = approval.get();
        Card.FindingCard card = cards.finding(outcome.finding(), clock.instant());
        if (outcome instanceof Decisions.Approval.Denied denied) {
            return Optional.of(new Reply.Outcome(findingId, card, Reply.Result.REFUSED, "Not approved: " + denied.reason() + "."));
        }
        if (outcome instanceof Decisions.Approval.Awaiting awaiting) {
            return Optional.of(new Reply.Outcome(findingId, card, Reply.Result.AWAITING, awaiting.message()));
        }
        if (outcome instanceof Decisions.Approval.Started started) {
            ports.queue().submit(started.cleanupId());
            return Optional.of(new Reply.Outcome(findingId, card, Reply.Result.DONE, "Cleanup " + CleanupId.of(started.cleanupId()) + " of "
                    + findingId + " begun" + (started.dryRun() ? " as a dry run (cleanups are off for account "
                    + outcome.finding().finding().resource().accountId() + ")" : "") + "."));
        }
        Decisions.Approval.AlreadyBegun already = (Decisions.Approval.AlreadyBegun) outcome;
        return Optional.of(new Reply.Outcome(findingId, card, Reply.Result.ALREADY, findingId + " was approved already: cleanup "
                + CleanupId.of(already.cleanupId()) + " is " + already.state().id().replace('_', ' ') + "; nothing more was done."));
    }

    /**
     * Approves each open low-risk finding of {@code ruleId} as {@code actor}, one ordinary approval each (policy, cap,
     * backup and all), and says what became of each: those approved are counted, those refused say why.
     */
    private Reply approveLowRisk(long org, Actor actor, String ruleId) {
        List<Reply.Outcome> outcomes = new ArrayList<>();
        for (StoredFinding finding : ports.findings().open(org, Optional.of(ruleId), BigDecimal.ZERO)) {
            if (finding.finding().risk() == Risk.LOW) {
                approve(org, actor, finding.findingId()).ifPresent(outcomes::add);
            }
        }
        if (outcomes.isEmpty()) {
            return new Reply.Decided(List.of(), Optional.of("No open low-risk " + ruleId + " findings."));
        }
        long approved = outcomes.stream().filter(outcome -> outcome.result() == Reply.Result.DONE).count();
        String heading = approved == 0 ? "Approved none of the " + outcomes.size() + " low-risk " + ruleId + " findings:"
                : approved < outcomes.size() ? "Approved " + approved + " of " + outcomes.size() + " low-risk " + ruleId + " findings:"
                : "Approved " + approved + " low-risk " + ruleId + " finding" + (approved == 1 ? "" : "s") + ":";
        StringBuilder summary = new StringBuilder(heading);
        outcomes.forEach(outcome -> summary.append("\n").append(outcome.finding()).append(": ").append(outcome.message()));
        return new Reply.Decided(outcomes, Optional.of(summary.toString()));
    }

    private Reply defer(long org, Actor actor, FindingId findingId, Optional<java.time.Duration> snooze, Optional<String> reason) {
        Decision allowed = policy.snoozeOrReject(actor);
        if (allowed instanceof Decision.Denied denied) {
            return new Reply.Private("Not done: " + denied.reason() + ".");
        }
        Instant now = clock.instant();
        Optional<Decisions.Deferred> deferred = snooze.isPresent()
                ? ports.decisions().snooze(org, findingId.value(), actor, now.plus(snooze.get()), now)
                : ports.decisions().reject(org, findingId.value(), actor, reason, now);
        if (deferred.isEmpty()) {
            return notFound(findingId);
        }
        Card.FindingCard card = cards.finding(deferred.get().finding(), now);
        return Reply.Decided.one(deferred.get().refused()
                .map(why -> new Reply.Outcome(findingId, card, Reply.Result.REFUSED, "Not done: " + why + "."))
                .orElseGet(() -> new Reply.Outcome(findingId, card, Reply.Result.DONE, "")));
    }

    private Reply undo(long org, Actor actor, CleanupId cleanupId) {
        if (actor.role() == Role.VIEWER) {
            return new Reply.Private("Viewers cannot undo cleanups.");
        }
        Optional<Cleanup> cleanup = ports.cleanups().find(cleanupId.value()).filter(found -> found.organizationId() == org);
        Optional<StoredFinding> finding = cleanup.flatMap(found -> ports.findings().find(org, found.findingId()));
        if (cleanup.isEmpty() || finding.isEmpty()) {
            return new Reply.Private("There is no cleanup " + cleanupId + ". Cleaned cards show their cleanup id.");
        }
        CleanupService.UndoResult result = ports.cleanupService().undo(cleanup.get(), actor.userId(), limits.undoWindow());
        StoredFinding after = ports.findings().find(org, cleanup.get().findingId()).orElse(finding.get());
        return Reply.Decided.one(new Reply.Outcome(after.findingId(), cards.finding(after, clock.instant()),
                result.undone() ? Reply.Result.DONE : Reply.Result.REFUSED, result.message()));
    }

    private Reply scheduleScan(Request request, ChatCommand.ScheduleScan schedule) {
        if (request.actor().role() != Role.ADMIN) {
            return new Reply.Private("Only admins can change the scan schedule.");
        }
        if (request.organization().platform() == Organization.Platform.CONSOLE) {
            // a schedule fires on a server, which cannot write to this terminal
            return new Reply.Private("Scheduled scans post in Slack or Teams; in the terminal, run `scan` (or `cloudsweep scan --save` from cron).");
        }
        ScanSchedule parsed = schedule.parsed();
        Optional<String> refused = ports.schedules().schedule(request.organization(), request.conversation(), parsed, request.actor().userId());
        if (refused.isPresent()) {
            return new Reply.Private("Not scheduled: " + refused.get());
        }
        ports.audit().append(new AuditLog.Event(Optional.of(request.organization().id()), clock.instant(), request.actor().userId(),
                "schedule.scan", "schedule/scan", java.util.Map.of("when", parsed.words(), "zone", parsed.zone(),
                "conversation", request.conversation())));
        return new Reply.Shown(List.of(new Card.Text("Scans of every connected account are scheduled " + parsed.words() + " (" + parsed.zone()
                + "); each posts here what changed: new findings as cards, and how many were resolved or are still open."
                + ports.schedules().scheduled(request.organization().id()).flatMap(ScanSchedules.Scheduled::next)
                .map(next -> " Next: " + next + ".").orElse(""))));
    }

    private Reply setRole(long org, Actor actor, ChatCommand.SetRole role, Function<String, Optional<String>> users) {
        if (actor.role() != Role.ADMIN) {
            return new Reply.Private("Only admins can change roles.");
        }
        Optional<String> user = users.apply(role.user());
        if (user.isEmpty()) {
            return new Reply.Private("I cannot find " + role.user() + " here, so no role was changed. Mention them as the chat suggests"
                    + " (type @ and pick them from the list).");
        }
        ports.roles().setRole(org, user.get(), role.role(), actor.userId());
        return new Reply.Shown(List.of(new Card.Text(user.get() + " is now " + article(role.role()) + " " + role.role().id() + ".")));
    }

    private Reply showPolicy(long org) {
        StringBuilder text = new StringBuilder("""
                Approvals: viewers never approve; low risk: any member; medium: an admin; high: two different admins.
                Snooze and reject: any member.""");
        text.append("\nCap: at most ").append(limits.perAccountPerHour()).append(" cleanups per account per hour.");
        text.append("\nUndo: offered for ").append(limits.undoWindow().toDays()).append(" days after a cleanup.");
        ports.accounts().accounts(org).forEach(a -> text.append("\nCleanups in ").append(a.accountId()).append(" (").append(a.name())
                .append("): ").append(a.cleanupsEnabled() ? "on" : "off, every cleanup is a dry run"));
        text.append("\nChange with `policy set cleanup on|off [account]` (admins only).");
        text.append("\n").append(thresholds.show(org));
        return new Reply.Shown(List.of(new Card.Text(text.toString())));
    }

    private Reply setPolicy(long org, Actor actor, ChatCommand.SetPolicy set) {
        if (ThresholdCommands.isThreshold(set.key())) {
            return thresholds.set(org, actor, set);
        }
        if (actor.role() != Role.ADMIN) {
            return new Reply.Private("Only admins can change policies.");
        }
        if (!set.key().equals("cleanup")) {
            return new Reply.Private("Unknown policy `" + set.key() + "`; the policies that can be set are `cleanup` (on or off) and"
                    + " rule thresholds, such as `ec2-idle.max-cpu-percent`.");
        }
        if (!set.value().equals("on") && !set.value().equals("off")) {
            return new Reply.Private("`policy set cleanup` takes `on` or `off`, not `" + set.value() + "`.");
        }
        List<AccountSettings.ConnectedAccount> all = ports.accounts().accounts(org);
        Optional<String> account = set.account().or(() -> all.size() == 1 ? Optional.of(all.get(0).accountId()) : Optional.empty());
        if (account.isEmpty()) {
            return new Reply.Private(all.isEmpty() ? "No AWS account is connected. `connect` tells how."
                    : "Say which account: " + String.join(", ", all.stream().map(AccountSettings.ConnectedAccount::accountId).toList()));
        }
        Optional<AccountSettings.ConnectedAccount> connected = accounts.find(org, account.get());
        if (connected.isEmpty()) {
            return new Reply.Private("Account " + account.get() + " is not connected.");
        }
        boolean on = set.value().equals("on");
        if (on) {
            Optional<String> missing = accounts.missingForCleanups(org, connected.get());
            if (missing.isPresent()) {
                return new Reply.Private("Cleanups stay off: " + missing.get() + ".");
            }
        }
        if (!ports.accounts().setCleanups(org, connected.get().accountId(), on, actor.userId())) {
            return new Reply.Private("Account " + account.get() + " is not connected.");
        }
        return new Reply.Shown(List.of(new Card.Text("Cleanups in account " + connected.get().accountId() + " are now " + (on ? "on: approved cleanups change AWS" : "off: cleanups are dry runs") + ".")));
    }

    private static Reply notFound(FindingId findingId) {
        return new Reply.Private("There is no finding " + findingId + ". `findings` lists the open ones.");
    }

    private static String article(Role role) {
        return role == Role.ADMIN ? "an" : "a";
    }
}
