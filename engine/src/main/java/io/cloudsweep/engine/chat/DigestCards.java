package io.cloudsweep.engine.chat;

import io.cloudsweep.engine.format.Csv;
import io.cloudsweep.engine.model.Money;
import io.cloudsweep.engine.report.Digest;
import io.cloudsweep.engine.report.Savings;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** A digest in a chat's words: its message, the costliest findings' cards, what needs attention, the monthly CSV. Pure. */
final class DigestCards {

    /** The chart's size: wide enough to read in Slack and email, small enough for a Teams card. */
    static final int CHART_WIDTH = 640;
    static final int CHART_HEIGHT = 300;

    private DigestCards() {
    }

    static Reply.Digested render(Digest digest, Cards cards, byte[] chart, Instant now) {
        ZoneId zone = digest.zone();
        DateTimeFormatter day = DateTimeFormatter.ofPattern("d MMM", Locale.ENGLISH).withZone(zone);
        DateTimeFormatter dayAndYear = DateTimeFormatter.ofPattern("d MMM yyyy", Locale.ENGLISH).withZone(zone);
        boolean week = digest.scope() == Digest.Scope.WEEK;
        String month = DateTimeFormatter.ofPattern("MMMM yyyy", Locale.ENGLISH).withZone(zone).format(digest.from());
        String period = week ? "This week" : "In " + month;
        String title = week
                ? "CloudSweep weekly digest · " + day.format(digest.from()) + " – " + dayAndYear.format(digest.to())
                : "CloudSweep monthly report · " + month;
        Savings.Totals savings = digest.savings();
        List<String> lines = new ArrayList<>();
        lines.add("Open waste: " + digest.openNow().openMonthly() + "/month in " + count(digest.openNow().openFindings(), "finding")
                + digest.openChange().map(change -> " (" + direction(change) + " since " + day.format(digest.from()) + ")")
                .orElse(" (nothing recorded before " + day.format(digest.from()) + " to compare with)"));
        lines.add(period + ": " + tally(digest.fresh(), "new") + " · " + tally(digest.resolved(), "resolved") + " · "
                + tally(digest.cleaned(), "cleaned up"));
        lines.add("Saved (realised): " + digest.savedInPeriod() + (week ? " this week" : " in " + month) + " · " + savings.total()
                + " in total · now saving " + savings.runRate() + "/month (" + savings.projectedYear() + " a year at this rate)"
                + (savings.unpriced() > 0 ? "; " + count(savings.unpriced(), "cleanup") + " of unknown price not counted" : ""));
        List<String> attention = new ArrayList<>();
        if (!digest.snoozesEnding().isEmpty()) {
            attention.add(count(digest.snoozesEnding().size(), "snooze") + " ending within 7 days");
        }
        if (!digest.failed().isEmpty()) {
            attention.add(count(digest.failed().size(), "cleanup") + " failed or aborted");
        }
        if (!digest.waiting().isEmpty()) {
            attention.add(count(digest.waiting().size(), "approval") + " waiting over 3 days for a second admin");
        }
        lines.add("Needs attention: " + (attention.isEmpty() ? "nothing" : String.join(" · ", attention)));
        Optional<Card.Image> image = chart.length == 0 ? Optional.empty()
                : Optional.of(new Card.Image("cloudsweep-trend.png", alt(digest), chart));
        List<Card.FindingCard> top = digest.top().stream().map(finding -> cards.finding(finding, now)).toList();
        return new Reply.Digested(new Card.Digest(title, lines, image), top, attentionText(digest, day),
                week ? Optional.empty() : Optional.of(csv(digest, month)));
    }

    private static Optional<Card.Text> attentionText(Digest digest, DateTimeFormatter day) {
        List<String> parts = new ArrayList<>();
        if (!digest.snoozesEnding().isEmpty()) {
            StringBuilder text = new StringBuilder("Snoozes ending within 7 days:");
            digest.snoozesEnding().forEach(s -> text.append("\n• F-").append(s.findingId()).append(' ').append(s.resourceId()).append(" (")
                    .append(s.ruleId()).append(", ").append(s.monthly().map(m -> m + "/month").orElse("unknown cost")).append(") on ")
                    .append(day.format(s.until())));
            parts.add(text.toString());
        }
        if (!digest.failed().isEmpty()) {
            StringBuilder text = new StringBuilder("Cleanups that failed or were aborted:");
            digest.failed().forEach(c -> text.append("\n• C-").append(c.cleanupId()).append(" (F-").append(c.findingId()).append(' ')
                    .append(c.resourceId()).append(") ").append(c.state()).append(" on ").append(day.format(c.at())).append(": ").append(c.reason()));
            parts.add(text.toString());
        }
        if (!digest.waiting().isEmpty()) {
            StringBuilder text = new StringBuilder("Approvals waiting over 3 days for a second admin:");
            digest.waiting().forEach(w -> text.append("\n• F-").append(w.findingId()).append(' ').append(w.resourceId()).append(", approved by ")
                    .append(w.approvedBy()).append(" on ").append(day.format(w.since())));
            parts.add(text.toString());
        }
        return parts.isEmpty() ? Optional.empty() : Optional.of(new Card.Text(String.join("\n\n", parts)));
    }

    /** The chart in words, for chats and readers that cannot show it. */
    static String alt(Digest digest) {
        List<Digest.TrendPoint> trend = digest.trend();
        Digest.TrendPoint first = trend.get(0);
        Digest.TrendPoint last = trend.get(trend.size() - 1);
        return "Open waste and realised savings over the last " + trend.size() + " weeks: open waste "
                + first.openWaste().map(Money::toString).orElse("not yet recorded") + " → " + last.openWaste().map(Money::toString).orElse("not recorded")
                + " a month; saved to date " + first.savedToDate() + " → " + last.savedToDate() + ".";
    }

    private static Reply.File csv(Digest digest, String month) {
        StringBuilder csv = new StringBuilder(Csv.formatLine(List.of("cleanup", "finding", "rule", "resource_id", "account_id", "region", "state",
                "dry_run", "done_at", "undone_at", "monthly_saving_usd", "saved_in_month_usd"))).append('\n');
        for (Digest.CleanupLine line : digest.cleanups()) {
            csv.append(Csv.formatLine(List.of("C-" + line.cleanupId(), "F-" + line.findingId(), line.ruleId(), line.resourceId(), line.accountId(),
                    line.region(), line.state(), String.valueOf(line.dryRun()), line.doneAt().map(Instant::toString).orElse(""),
                    line.undoneAt().map(Instant::toString).orElse(""), line.monthly().map(m -> m.toCents().amount().toPlainString()).orElse(""),
                    line.savedBetween(digest.from(), digest.to()).amount().toPlainString()))).append('\n');
        }
        String name = "cloudsweep-cleanups-" + DateTimeFormatter.ofPattern("yyyy-MM").withZone(digest.zone()).format(digest.from()) + ".csv";
        return new Reply.File(name, "Cleanups in " + month + " (" + digest.cleanups().size() + ")", csv.toString());
    }

    private static String tally(Digest.Tally tally, String what) {
        return tally.count() + " " + what + " (" + tally.monthly() + "/month)";
    }

    private static String direction(Money change) {
        return change.isPositive() ? "up " + change : change.amount().signum() < 0 ? "down " + Money.ZERO.minus(change) : "unchanged";
    }

    static String count(int n, String what) {
        return n + " " + what + (n == 1 ? "" : "s");
    }
}
