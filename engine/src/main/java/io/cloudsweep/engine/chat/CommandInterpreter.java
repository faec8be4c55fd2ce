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
import io.cloudsweep.engine.model.Money;
import io.cloudsweep.engine.model.Risk;
import io.cloudsweep.engine.scan.ScanRunner;
import io.cloudsweep.engine.store.AccountSettings;
import io.cloudsweep.engine.store.AuditLog;
import io.cloudsweep.engine.store.Decisions;
import io.cloudsweep.engine.store.FindingQueries;
import io.cloudsweep.engine.store.MemberRoles;
import io.cloudsweep.engine.store.Organization;
import io.cloudsweep.engine.store.StoredFinding;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The one interpreter behind every chat: text in, a {@link Reply} of cards out, the same for Slack, Teams and the
 * console. It checks the caller's role for everything it does, and never trusts an id it was given: a finding
 * or cleanup of another organization is "not found". Approvals begin cleanups and hand them to the queue; the
 * workers report their steps through the {@link ChatListener} of whoever watches. Thread-safe.
 */
public final class CommandInterpreter {

    /** The stores and services the interpreter works through. */
    public record Ports(FindingQueries findings, Decisions decisions, CleanupStore cleanups, CleanupService cleanupService,
                        CleanupQueue queue, AuditLog audit, AccountSettings accounts, MemberRoles roles, ScanRunner scans) {
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
        }
    }

    private final CommandParser parser;
    private final Ports ports;
    private final ApprovalPolicy policy;
    private final CleanupLimits limits;
    private final Cards cards;
    private final Clock clock;

    public CommandInterpreter(CommandParser parser, Ports ports, ApprovalPolicy policy, CleanupLimits limits, Clock clock) {
        this.parser = Objects.requireNonNull(parser, "parser");
        this.ports = Objects.requireNonNull(ports, "ports");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.limits = Objects.requireNonNull(limits, "limits");
        this.cards = new Cards(limits.undoWindow());
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public Cards cards() {
        return cards;
    }

    /** Whether {@code text} asks for a scan, so a chat can open its progress message before the scan starts. */
    public boolean isScan(String text) {
        return parser.parse(text) instanceof ChatCommand.Scan;
    }

    /** Runs what {@code actor} typed (or pressed) in {@code organization}'s chat. */
    public Reply handle(Organization organization, Actor actor, String text, ChatListener listener) {
        ChatCommand command = parser.parse(text);
        long org = organization.id();
        if (command instanceof ChatCommand.Help help) {
            return Reply.privately(help.problem().map(problem -> problem + "\n\n").orElse("") + "Commands:\n" + CommandParser.USAGE);
        }
        if (command instanceof ChatCommand.Scan scan) {
            return scan(organization, actor, scan, listener);
        }
        if (command instanceof ChatCommand.Findings findings) {
            List<StoredFinding> open = ports.findings().open(org, findings.ruleId(), findings.minMonthlyUsd());
            if (open.isEmpty()) {
                return Reply.of(new Card.Text("No open findings" + findings.ruleId().map(rule -> " for " + rule).orElse("") + "."));
            }
            return findingCards(open, open.size() + " open finding" + (open.size() == 1 ? "" : "s") + ":");
        }
        if (command instanceof ChatCommand.Approve approve) {
            return approve(org, actor, approve.findingId());
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
            return Reply.of(new Card.AuditTrail(ports.audit().recent(org, audit.entries()), ports.audit().verify()));
        }
        if (command instanceof ChatCommand.Savings) {
            return savings(org);
        }
        if (command instanceof ChatCommand.Accounts) {
            return accounts(org);
        }
        if (command instanceof ChatCommand.ShowPolicy) {
            return showPolicy(org);
        }
        if (command instanceof ChatCommand.SetPolicy set) {
            return setPolicy(org, actor, set);
        }
        if (command instanceof ChatCommand.SetRole role) {
            if (actor.role() != Role.ADMIN) {
                return Reply.privately("Only admins can change roles.");
            }
            ports.roles().setRole(org, role.userId(), role.role(), actor.userId());
            return Reply.of(new Card.Text(role.userId() + " is now " + article(role.role()) + " " + role.role().id() + "."));
        }
        return Reply.privately("`" + text.trim() + "` is understood, but not available in this version yet. Type `help` for what is.");
    }

    private Reply scan(Organization organization, Actor actor, ChatCommand.Scan scan, ChatListener listener) {
        if (actor.role() == Role.VIEWER) {
            return Reply.privately("Viewers cannot start scans; ask an admin to make you a member.");
        }
        ScanRunner.Outcome outcome;
        try {
            outcome = ports.scans().scan(organization, scan.account(), scan.regions(), actor.userId(),
                    progress -> listener.show(new Card.ScanProgress(progress.regionsDone(), progress.regionsTotal(), progress.resourcesSeen(),
                            progress.findings(), progress.monthlyCost().toString())));
        } catch (IllegalArgumentException e) {
            return Reply.privately(e.getMessage());
        }
        List<StoredFinding> open = ports.findings().open(organization.id(), Optional.empty(), java.math.BigDecimal.ZERO);
        Instant now = clock.instant();
        List<Card.FindingCard> findingCards = Cards.byRuleThenCost(open).stream().map(finding -> cards.finding(finding, now)).toList();
        List<Card> shown = new ArrayList<>();
        shown.add(cards.summary(outcome.report(), outcome.saved(), findingCards));
        shown.addAll(findingCards);
        return new Reply(shown, false);
    }

    private Reply findingCards(List<StoredFinding> findings, String heading) {
        List<Card> shown = new ArrayList<>();
        shown.add(new Card.Text(heading));
        Instant now = clock.instant();
        Cards.byRuleThenCost(findings).forEach(finding -> shown.add(cards.finding(finding, now)));
        return new Reply(shown, false);
    }

    private Reply approve(long org, Actor actor, long findingId) {
        Optional<Decisions.Approval> approval = ports.decisions().approve(org, findingId, actor, policy, limits, clock.instant());
        if (approval.isEmpty()) {
            return notFound(findingId);
        }
        Decisions.Approval outcome = approval.get();
        Card.FindingCard card = cards.finding(outcome.finding(), clock.instant());
        if (outcome instanceof Decisions.Approval.Denied denied) {
            return Reply.privately("Not approved: " + denied.reason() + ".");
        }
        if (outcome instanceof Decisions.Approval.Awaiting awaiting) {
            return Reply.of(card, new Card.Text(awaiting.message()));
        }
        if (outcome instanceof Decisions.Approval.Started started) {
            ports.queue().submit(started.cleanupId());
            return Reply.of(card, new Card.Text("Cleanup " + Cleanup.label(started.cleanupId()) + " of " + card.label() + " begun"
                    + (started.dryRun() ? " as a dry run (cleanups are off for account " + outcome.finding().finding().resource().accountId() + ")" : "")
                    + "."));
        }
        Decisions.Approval.AlreadyBegun already = (Decisions.Approval.AlreadyBegun) outcome;
        return Reply.of(card, new Card.Text(card.label() + " was approved already: cleanup " + Cleanup.label(already.cleanupId()) + " is "
                + already.state().id().replace('_', ' ') + "; nothing more was done."));
    }

    /**
     * Approves each open low-risk finding of {@code ruleId} as {@code actor}, one ordinary approval each (policy, cap,
     * backup and all): the updated cards, then what became of each.
     */
    private Reply approveLowRisk(long org, Actor actor, String ruleId) {
        List<Card> shown = new ArrayList<>();
        List<String> outcomes = new ArrayList<>();
        for (StoredFinding finding : ports.findings().open(org, Optional.of(ruleId), java.math.BigDecimal.ZERO)) {
            if (finding.finding().risk() != Risk.LOW) {
                continue;
            }
            Reply reply = approve(org, actor, finding.id());
            reply.cards().stream().filter(Card.FindingCard.class::isInstance).forEach(shown::add);
            reply.cards().stream().filter(Card.Text.class::isInstance).map(card -> ((Card.Text) card).text()).findFirst()
                    .ifPresent(outcome -> outcomes.add(finding.label() + ": " + outcome));
        }
        shown.add(new Card.Text(outcomes.isEmpty() ? "No open low-risk " + ruleId + " findings."
                : "Approved " + outcomes.size() + " low-risk " + ruleId + " findings:\n" + String.join("\n", outcomes)));
        return new Reply(shown, false);
    }

    private Reply defer(long org, Actor actor, long findingId, Optional<java.time.Duration> snooze, Optional<String> reason) {
        Decision allowed = policy.snoozeOrReject(actor);
        if (allowed instanceof Decision.Denied denied) {
            return Reply.privately("Not done: " + denied.reason() + ".");
        }
        Instant now = clock.instant();
        Optional<Decisions.Deferred> deferred = snooze.isPresent()
                ? ports.decisions().snooze(org, findingId, actor, now.plus(snooze.get()), now)
                : ports.decisions().reject(org, findingId, actor, reason, now);
        if (deferred.isEmpty()) {
            return notFound(findingId);
        }
        if (deferred.get().refused().isPresent()) {
            return Reply.privately("Not done: " + deferred.get().refused().get() + ".");
        }
        return Reply.of(cards.finding(deferred.get().finding(), now));
    }

    private Reply undo(long org, Actor actor, long cleanupId) {
        if (actor.role() == Role.VIEWER) {
            return Reply.privately("Viewers cannot undo cleanups.");
        }
        Optional<Cleanup> cleanup = ports.cleanups().find(cleanupId).filter(found -> found.organizationId() == org);
        if (cleanup.isEmpty()) {
            return Reply.privately("There is no cleanup " + Cleanup.label(cleanupId) + ". Cleaned cards show their cleanup id.");
        }
        CleanupService.UndoResult result = ports.cleanupService().undo(cleanup.get(), actor.userId(), limits.undoWindow());
        List<Card> shown = new ArrayList<>();
        ports.findings().find(org, cleanup.get().findingId()).ifPresent(finding -> shown.add(cards.finding(finding, clock.instant())));
        shown.add(new Card.Text(result.message()));
        return new Reply(shown, !result.undone());
    }

    private Reply savings(long org) {
        List<StoredFinding> cleaned = ports.findings().cleaned(org);
        Money monthly = cleaned.stream().map(f -> f.finding().monthlyCost().orElse(Money.ZERO)).reduce(Money.ZERO, Money::plus);
        StringBuilder text = new StringBuilder("Saved " + monthly + " a month (" + monthly.times(12) + " a year) by " + cleaned.size()
                + " cleanup" + (cleaned.size() == 1 ? "" : "s") + (cleaned.isEmpty() ? "." : ":"));
        cleaned.forEach(f -> text.append("\n  ").append(f.label()).append(" ").append(f.finding().resource().id()).append(" (")
                .append(f.finding().ruleId()).append(") ").append(f.finding().monthlyCost().map(Money::toString).orElse("unknown")).append("/month"));
        return Reply.of(new Card.Text(text.toString()));
    }

    private Reply accounts(long org) {
        List<AccountSettings.ConnectedAccount> accounts = ports.accounts().accounts(org);
        if (accounts.isEmpty()) {
            return Reply.of(new Card.Text("No AWS account is connected."));
        }
        StringBuilder text = new StringBuilder("Connected AWS accounts:");
        accounts.forEach(a -> text.append("\n  ").append(a.accountId()).append(" ").append(a.name())
                .append(a.roleArn().map(role -> " via " + role).orElse("")).append(": cleanups ")
                .append(a.cleanupsEnabled() ? "on" : "off (dry run)"));
        return Reply.of(new Card.Text(text.toString()));
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
        return Reply.of(new Card.Text(text.toString()));
    }

    private Reply setPolicy(long org, Actor actor, ChatCommand.SetPolicy set) {
        if (actor.role() != Role.ADMIN) {
            return Reply.privately("Only admins can change policies.");
        }
        if (!set.key().equals("cleanup")) {
            return Reply.privately("Unknown policy `" + set.key() + "`; the policy that can be set is `cleanup` (on or off).");
        }
        if (!set.value().equals("on") && !set.value().equals("off")) {
            return Reply.privately("`policy set cleanup` takes `on` or `off`, not `" + set.value() + "`.");
        }
        List<AccountSettings.ConnectedAccount> accounts = ports.accounts().accounts(org);
        Optional<String> account = set.account().or(() -> accounts.size() == 1 ? Optional.of(accounts.get(0).accountId()) : Optional.empty());
        if (account.isEmpty()) {
            return Reply.privately("Say which account: " + String.join(", ", accounts.stream().map(AccountSettings.ConnectedAccount::accountId).toList()));
        }
        boolean on = set.value().equals("on");
        if (!ports.accounts().setCleanups(org, account.get(), on, actor.userId())) {
            return Reply.privately("Account " + account.get() + " is not connected.");
        }
        return Reply.of(new Card.Text("Cleanups in account " + account.get() + " are now " + (on ? "on: approved cleanups change AWS" : "off: cleanups are dry runs") + "."));
    }

    private static Reply notFound(long findingId) {
        return Reply.privately("There is no finding F-" + findingId + ". `findings` lists the open ones.");
    }

    private static String article(Role role) {
        return role == Role.ADMIN ? "an" : "a";
    }
}
