package io.cloudsweep.engine.chat;

import io.cloudsweep.engine.chat.Card.Button;
import io.cloudsweep.engine.cleanup.CleanupState;
import io.cloudsweep.engine.model.Cost;
import io.cloudsweep.engine.model.Finding;
import io.cloudsweep.engine.model.FindingId;
import io.cloudsweep.engine.model.Money;
import io.cloudsweep.engine.model.PriceSource;
import io.cloudsweep.engine.model.Risk;
import io.cloudsweep.engine.report.Savings;
import io.cloudsweep.engine.scan.ScanReport;
import io.cloudsweep.engine.store.AccountSettings;
import io.cloudsweep.engine.store.FindingQueries;
import io.cloudsweep.engine.store.FindingStore;
import io.cloudsweep.engine.store.StoredFinding;

import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Builds the cards every chat shows, from stored state. Pure and thread-safe. */
public final class Cards {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);

    private final Duration undoWindow;

    public Cards(Duration undoWindow) {
        this.undoWindow = undoWindow;
    }

    /** The finding's card as it stands at {@code now}: its status in words and the buttons that apply. */
    public Card.FindingCard finding(StoredFinding stored, Instant now) {
        Finding finding = stored.finding();
        String title = finding.action().description() + " " + finding.resource().id() + " (" + finding.ruleId() + ")";
        String location = "account " + finding.resource().accountId() + ", " + finding.resource().region().code()
                + ", first seen " + DAY.format(stored.firstSeen());
        String cost = finding.monthlyCost().map(money -> money + "/month" + priceNote(finding.cost())).orElse("unknown cost");
        return new Card.FindingCard(stored.findingId(), finding.ruleId(), title, location, finding.reason(), finding.evidence(), cost, finding.risk(),
                status(stored), buttons(stored, now));
    }

    /** Where the cost's prices come from and the date their source gives, such as " (AWS price list of 2023-02-20, price book)". */
    static String priceNote(Cost cost) {
        if (!(cost instanceof Cost.Known known)) {
            return "";
        }
        List<String> origins = new ArrayList<>();
        for (String origin : known.source().origin().split("\\+")) {
            switch (origin) {
                case PriceSource.EMBEDDED -> origins.add("price book");
                case PriceSource.PRICING_API -> origins.add("AWS Pricing API");
                default -> { }
            }
        }
        if (origins.isEmpty()) {
            return "";
        }
        return " (AWS price" + known.source().effective().map(day -> " list of " + day).orElse("") + ", " + String.join(" and ", origins) + ")";
    }

    private String status(StoredFinding stored) {
        Optional<StoredFinding.CleanupView> cleanup = stored.cleanup();
        String cleanupLabel = cleanup.map(c -> c.cleanupId().toString()).orElse("");
        return switch (stored.status()) {
            case OPEN, FAILED, ROLLED_BACK -> openStatus(stored);
            case APPROVED -> "approved by " + approvers(stored) + "; cleanup " + cleanupLabel + " is queued";
            case CLEANING -> "cleaning up (" + cleanupLabel + "): " + cleanup.map(c -> c.state().id().replace('_', ' ')).orElse("") + "...";
            case CLEANED -> "cleaned (" + cleanupLabel + ") after approval by " + approvers(stored)
                    + cleanup.flatMap(c -> c.state().backupId()).filter(b -> !b.equals("none")).map(b -> "; backup " + b).orElse("")
                    + stored.finding().monthlyCost().map(money -> "; saves " + money + "/month").orElse("");
            case SNOOZED -> "snoozed until " + stored.snoozedUntil().map(DAY::format).orElse("?") + " by " + lastBy(stored, "snooze");
            case REJECTED -> "rejected by " + lastBy(stored, "reject")
                    + last(stored, "reject").flatMap(StoredFinding.DecisionRecord::reason).map(why -> ": " + why).orElse("");
            case RESOLVED -> "resolved: the latest scan did not find it";
        };
    }

    /** Open, failed, rolled back, awaiting a second approver, or after a dry run or an abort: said plainly. */
    private String openStatus(StoredFinding stored) {
        Optional<StoredFinding.CleanupView> cleanup = stored.cleanup();
        List<StoredFinding.DecisionRecord> pending = stored.pendingApprovals();
        if (!pending.isEmpty() && stored.finding().risk() == Risk.HIGH) {
            return "awaiting a second admin (approved by " + String.join(", ", pending.stream().map(StoredFinding.DecisionRecord::userId).toList()) + ")";
        }
        if (cleanup.isEmpty()) {
            return "open";
        }
        String label = cleanup.get().cleanupId().toString();
        CleanupState state = cleanup.get().state();
        if (state instanceof CleanupState.Failed failed) {
            return "cleanup " + label + " failed: " + failed.reason() + failed.backup().filter(b -> !b.equals("none")).map(b -> " (backup " + b + " kept)").orElse("");
        }
        if (state instanceof CleanupState.Aborted aborted) {
            return "cleanup " + label + " aborted, nothing was touched: " + aborted.reason();
        }
        if (state instanceof CleanupState.RolledBack rolledBack) {
            return "cleanup " + label + " was undone: " + rolledBack.detail();
        }
        if (state instanceof CleanupState.Done && cleanup.get().dryRun()) {
            return "dry run " + label + " complete: every check passed and nothing was changed; an admin can turn cleanups on with"
                    + " `policy set cleanup on " + stored.finding().resource().accountId() + "`";
        }
        return "open";
    }

    private List<Button> buttons(StoredFinding stored, Instant now) {
        FindingId id = stored.findingId();
        List<Button> buttons = new ArrayList<>();
        switch (stored.status()) {
            case OPEN, FAILED, ROLLED_BACK, SNOOZED -> {
                Optional<String> confirm = stored.finding().risk() == Risk.HIGH
                        ? Optional.of("High risk: " + stored.finding().action().description() + " " + stored.finding().resource().id()
                        + " needs two admins. Approve?")
                        : Optional.empty();
                buttons.add(new Button("Approve", new ChatCommand.Approve(id), Button.Style.PRIMARY, confirm));
                if (stored.status() != StoredFinding.Status.SNOOZED) {
                    ChatCommand.Snooze.DAYS.forEach(days -> buttons.add(Button.of("Snooze " + days + "d", new ChatCommand.Snooze(id, days),
                            Button.Style.DEFAULT)));
                }
                buttons.add(Button.of("Reject", new ChatCommand.Reject(id, Optional.empty()), Button.Style.DANGER));
            }
            case CLEANED -> stored.cleanup()
                    .filter(c -> stored.finding().action().undo().possible() && !now.isAfter(c.since().plus(undoWindow)))
                    .ifPresent(c -> buttons.add(Button.of("Undo", new ChatCommand.Undo(c.cleanupId()), Button.Style.DANGER)));
            default -> {
            }
        }
        return buttons;
    }

    /**
     * The summary of a stored scan, with an Approve all N low-risk button (confirmed first) for each rule whose open
     * findings include low-risk ones ({@code openLowRiskByRule}, as {@link FindingQueries#openLowRiskByRule} counts them;
     * an open finding can always be approved).
     */
    public Card.ScanSummary summary(ScanReport report, FindingStore.SavedScan saved, Map<String, Integer> openLowRiskByRule) {
        List<Button> buttons = new java.util.TreeMap<>(openLowRiskByRule).entrySet().stream()
                .map(rule -> new Button("Approve all " + rule.getValue() + " low-risk " + rule.getKey(), new ChatCommand.ApproveLowRisk(rule.getKey()),
                        Button.Style.DEFAULT, Optional.of("Approve every open low-risk " + rule.getKey()
                        + " finding? Each is checked and backed up like a single approval."))).toList();
        ScanReport.Totals totals = ScanReport.Totals.of(saved.kept(report));
        List<Map.Entry<String, ScanReport.RuleTotal>> rules = new ArrayList<>(totals.byRule().entrySet());
        rules.sort((a, b) -> b.getValue().monthly().compareTo(a.getValue().monthly()));
        List<Card.ScanSummary.Line> lines = rules.stream()
                .map(rule -> new Card.ScanSummary.Line(rule.getKey(), rule.getValue().findings(), rule.getValue().monthly().toString())).toList();
        List<String> failed = java.util.stream.Stream.concat(
                report.failedAccounts().stream().map(f -> "account " + f.accountId() + " not scanned: " + f.error()),
                java.util.stream.Stream.concat(report.failedRegions().stream().map(f -> f.accountId() + " " + f.region().code() + ": " + f.error()),
                        saved.held().stream())).toList();
        String changes = saved.inserted() + " new, " + saved.updated() + " seen again, " + saved.resolved() + " resolved"
                + (saved.excluded() > 0 ? ", " + saved.excluded() + " excluded" : "");
        return new Card.ScanSummary(totals.findings(), totals.monthly().toString(), totals.annual().toString(), totals.unknownCost(), lines,
                failed, changes, buttons);
    }

    /** How many of the costliest open findings the dashboard lists. */
    public static final int DASHBOARD_TOP = 5;

    /**
     * The dashboard (Slack's App Home): open waste, realised savings (this week, this month, in total, the run rate), the
     * costliest open findings, the last scan, the accounts and what is scheduled.
     */
    public static List<Card> dashboard(FindingQueries.OpenWaste open, Savings.Totals saved, List<AccountSettings.ConnectedAccount> accounts,
                                       Optional<FindingQueries.ScanRecord> lastScan, List<String> scheduled) {
        Money waste = Money.usd(open.monthlyUsd());
        StringBuilder top = new StringBuilder("*Costliest open findings*");
        open.costliest().stream().limit(DASHBOARD_TOP).forEach(f -> top.append("\n").append(f.label()).append(" ").append(f.finding().resource().id()).append(" (")
                .append(f.finding().ruleId()).append(") ").append(f.finding().monthlyCost().map(Money::toString).orElse("unknown")).append("/month"));
        if (open.findings() == 0) {
            top.append("\nnone: type `/sweep scan` to look");
        }
        StringBuilder connected = new StringBuilder("*AWS accounts*");
        accounts.forEach(a -> connected.append("\n").append(a.accountId()).append(" ").append(a.name()).append(": cleanups ")
                .append(a.cleanupsEnabled() ? "on" : "off (dry run)"));
        if (accounts.isEmpty()) {
            connected.append("\nnone connected");
        }
        return List.of(
                new Card.Text("*CloudSweep*\nOpen waste: *" + waste + "/month* in " + open.findings() + " findings\nSaved (realised): *"
                        + saved.total() + "* in total, " + saved.thisMonth() + " this month, " + saved.thisWeek() + " this week (UTC)"
                        + "\nRun rate: *" + saved.runRate() + "/month* now saved by " + saved.saving() + " cleanups (" + saved.projectedYear()
                        + " a year at this rate)\nLast scan: " + lastScan.map(scan -> "S-" + scan.id() + " " + scan.startedAt()
                        + " by " + scan.startedBy() + ", " + scan.status() + ", " + scan.findings() + " findings, "
                        + Money.usd(scan.monthlyCostUsd()) + "/month").orElse("none yet")),
                new Card.Text(top.toString()),
                new Card.Text(connected.toString() + "\n*Schedule*\n" + (scheduled.isEmpty()
                        ? "nothing scheduled: scans run when someone types `/sweep scan`" : String.join("\n", scheduled))));
    }

    /** Every finding given as CSV, a header line first, in the order given. */
    public static String csv(List<StoredFinding> findings) {
        StringBuilder csv = new StringBuilder(io.cloudsweep.engine.format.Csv.formatLine(List.of("finding", "rule", "resource_type", "resource_id",
                "account_id", "region", "monthly_cost_usd", "risk", "action", "status", "reason"))).append('\n');
        for (StoredFinding stored : findings) {
            Finding finding = stored.finding();
            csv.append(io.cloudsweep.engine.format.Csv.formatLine(List.of(stored.label(), finding.ruleId(), finding.resource().type().id(),
                    finding.resource().id(), finding.resource().accountId(), finding.resource().region().code(),
                    finding.monthlyCost().map(money -> money.amount().toPlainString()).orElse(""), finding.risk().id(), finding.action().id(),
                    stored.status().id(), finding.reason()))).append('\n');
        }
        return csv.toString();
    }

    /** Findings grouped by rule, the costliest group and finding first. */
    public static List<StoredFinding> byRuleThenCost(List<StoredFinding> findings) {
        return FindingQueries.byRuleThenCost(findings);
    }

    private static String approvers(StoredFinding stored) {
        List<String> who = stored.decisions().stream().filter(d -> d.decision().equals("approve")).map(StoredFinding.DecisionRecord::userId)
                .distinct().toList();
        return who.isEmpty() ? "?" : String.join(", ", who.subList(Math.max(0, who.size() - 2), who.size()));
    }

    private static Optional<StoredFinding.DecisionRecord> last(StoredFinding stored, String decision) {
        List<StoredFinding.DecisionRecord> matching = stored.decisions().stream().filter(d -> d.decision().equals(decision)).toList();
        return matching.isEmpty() ? Optional.empty() : Optional.of(matching.get(matching.size() - 1));
    }

    private static String lastBy(StoredFinding stored, String decision) {
        return last(stored, decision).map(StoredFinding.DecisionRecord::userId).orElse("?");
    }

    /**
     * A card in one plain line or paragraph, whichever chat shows it: a notification's text, a message's fallback,
     * what a button press answers privately.
     */
    public static String summary(Card card) {
        if (card instanceof Card.Text text) {
            return text.text();
        }
        if (card instanceof Card.FindingCard finding) {
            return finding.label() + " " + finding.title() + ": " + finding.status();
        }
        if (card instanceof Card.ScanProgress progress) {
            return "Scanning: " + progress.regionsDone() + "/" + progress.regionsTotal() + " regions · " + progress.resourcesSeen()
                    + " resources · " + progress.findings() + " findings · " + progress.monthlyCost() + "/month so far";
        }
        if (card instanceof Card.ScanSummary summary) {
            return summary.findings() + " findings, " + summary.monthlyCost() + " a month (" + summary.annualCost() + " a year)"
                    + (summary.unknownCost() > 0 ? ", " + summary.unknownCost() + " of unknown cost" : "") + "; " + summary.changes();
        }
        if (card instanceof Card.CleanupProgress progress) {
            return progress.cleanupId() + " (" + progress.findingId() + ") " + progress.step();
        }
        if (card instanceof Card.ScanStarted started) {
            return "Scan started by " + started.startedBy() + "...";
        }
        if (card instanceof Card.ShowMore more) {
            return more.remaining() + " more findings";
        }
        if (card instanceof Card.Question question) {
            return question.text();
        }
        if (card instanceof Card.Alert alert) {
            return alert.text();
        }
        if (card instanceof Card.Digest digest) {
            return digest.title() + "\n" + String.join("\n", digest.lines());
        }
        Card.AuditTrail trail = (Card.AuditTrail) card;
        StringBuilder text = new StringBuilder("Audit trail, last " + trail.entries().size() + " entries:");
        trail.entries().forEach(entry -> text.append("\n#").append(entry.id()).append(' ').append(entry.at()).append(' ').append(entry.actor())
                .append(' ').append(entry.action()).append(' ').append(entry.subject()));
        return text.append('\n').append(trail.breakFound().map(found -> "Audit chain broken at entry #" + found.entryId() + ": " + found.problem())
                .orElse("Audit chain verified")).toString();
    }
}
