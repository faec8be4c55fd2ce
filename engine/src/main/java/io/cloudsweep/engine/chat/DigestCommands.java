package io.cloudsweep.engine.chat;

import io.cloudsweep.engine.approval.Actor;
import io.cloudsweep.engine.approval.Role;
import io.cloudsweep.engine.model.Money;
import io.cloudsweep.engine.report.ChartRenderer;
import io.cloudsweep.engine.report.Digest;
import io.cloudsweep.engine.report.Digests;
import io.cloudsweep.engine.report.Realised;
import io.cloudsweep.engine.report.Savings;
import io.cloudsweep.engine.report.Spend;
import io.cloudsweep.engine.report.SpendReader;
import io.cloudsweep.engine.store.AuditLog;
import io.cloudsweep.engine.store.Organization;

import java.time.Clock;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code savings}, {@code digest now|month}, {@code schedule digest weekly DAY HH:MM [tz]|off}, for every chat: realised
 * savings in words, a digest as its message and thread, and each conversation's digest schedule (admins; audited).
 */
final class DigestCommands {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("EEE d MMM", Locale.ENGLISH).withZone(ZoneOffset.UTC);
    private static final int LISTED = 10;

    private final Digests digests;
    private final DigestSchedules schedules;
    private final ChartRenderer charts;
    private final AuditLog audit;
    private final Cards cards;
    private final Clock clock;

    DigestCommands(Digests digests, DigestSchedules schedules, ChartRenderer charts, AuditLog audit, Cards cards, Clock clock) {
        this.digests = digests;
        this.schedules = schedules;
        this.charts = charts;
        this.audit = audit;
        this.cards = cards;
        this.clock = clock;
    }

    /** Realised savings: this week, this month and in total, the run rate against its yearly projection, the cleanups behind them. */
    Reply savings(long organizationId) {
        List<Realised> realised = digests.realised(organizationId);
        Savings.Totals totals = Savings.totals(realised, clock.instant(), ZoneOffset.UTC);
        if (realised.isEmpty()) {
            return new Reply.Shown(List.of(new Card.Text("Nothing saved yet: no cleanup has been done for real. Savings count from the day"
                    + " a cleanup finishes until it is undone.")));
        }
        StringBuilder text = new StringBuilder("Saved (realised, from the day each cleanup finished until any undo): ")
                .append(totals.thisWeek()).append(" this week (since ").append(DAY.format(totals.weekFrom())).append(", UTC) · ")
                .append(totals.thisMonth()).append(" this month · ").append(totals.total()).append(" in total.")
                .append("\nRun rate: ").append(totals.runRate()).append("/month now saved by ").append(DigestCards.count(totals.saving(), "cleanup"))
                .append("; projected ").append(totals.projectedYear()).append(" a year at this rate, against ").append(totals.total())
                .append(" realised so far.");
        if (totals.undone() > 0) {
            text.append("\n").append(DigestCards.count(totals.undone(), "cleanup")).append(" undone: counted until the undo.");
        }
        if (totals.unpriced() > 0) {
            text.append("\n").append(DigestCards.count(totals.unpriced(), "cleanup")).append(" of unknown price, not counted.");
        }
        digests.spend(organizationId, realised).forEach((account, answer) -> text.append("\n").append(spent(account, answer)));
        List<Realised> saving = realised.stream().filter(r -> r.savingAt(clock.instant()))
                .sorted(Comparator.comparing((Realised r) -> r.monthly().orElse(Money.ZERO)).reversed()).toList();
        saving.stream().limit(LISTED).forEach(r -> text.append("\n  C-").append(r.cleanupId()).append(" F-").append(r.findingId()).append(' ')
                .append(r.resourceId()).append(" (").append(r.ruleId()).append(") ").append(r.monthly().map(Money::toString).orElse("unknown"))
                .append("/month since ").append(DAY.format(r.doneAt())));
        if (saving.size() > LISTED) {
            text.append("\n  and ").append(saving.size() - LISTED).append(" more");
        }
        return new Reply.Shown(List.of(new Card.Text(text.toString())));
    }

    /** AWS's own figures for an account, labelled as AWS's, or why there are none. */
    private static String spent(String account, SpendReader.Answer answer) {
        if (answer instanceof SpendReader.Answer.Unavailable none) {
            return "AWS's own figures for account " + account + ": none (" + none.why() + ").";
        }
        Spend spend = ((SpendReader.Answer.Read) answer).spend();
        DateTimeFormatter day = DateTimeFormatter.ofPattern("d MMM", Locale.ENGLISH);
        return "AWS's own figures for account " + account + " (Cost Explorer, unblended, fetched " + DAY.format(spend.fetchedAt()) + "), on "
                + String.join(", ", spend.services()) + ": " + spend.before().amount() + " in the " + spend.before().days()
                + " days before its first cleanup (" + day.format(spend.before().from()) + " – " + day.format(spend.before().to()) + "), "
                + spend.since().amount() + " in the " + spend.since().days() + " days since (" + spend.before().per30Days() + " → "
                + spend.since().per30Days() + " per 30 days). AWS's figures move with everything else in the account too.";
    }

    /** The organization's digest (a week's, or last month's report), as of now, its weeks starting in {@code zone}. */
    Reply.Digested digest(Organization organization, Digest.Scope scope, ZoneId zone) {
        Digest digest = digests.build(organization.id(), scope, zone);
        byte[] chart = charts.png(digest.trend(), DigestCards.CHART_WIDTH, DigestCards.CHART_HEIGHT);
        return DigestCards.render(digest, cards, chart, clock.instant());
    }

    Reply schedule(Organization organization, Actor actor, String conversation, ChatCommand.ScheduleDigest schedule) {
        if (actor.role() != Role.ADMIN) {
            return new Reply.Private("Only admins can schedule digests.");
        }
        if (organization.platform() == Organization.Platform.CONSOLE) {
            return new Reply.Private("Digests are posted in Slack or Teams; in the terminal, type `digest now`.");
        }
        ScanSchedule weekly = schedule.parsed();
        Optional<String> refused = schedules.schedule(organization, conversation, weekly, actor.userId());
        if (refused.isPresent()) {
            return new Reply.Private("Not scheduled: " + refused.get());
        }
        audit.append(new AuditLog.Event(Optional.of(organization.id()), clock.instant(), actor.userId(), "schedule.digest",
                "schedule/digest", Map.of("when", weekly.words(), "zone", weekly.zone(), "conversation", conversation)));
        Optional<DigestSchedules.Scheduled> set = schedules.scheduled(organization.id()).stream()
                .filter(s -> s.conversation().equals(conversation)).findFirst();
        return new Reply.Shown(List.of(new Card.Text("The weekly digest will be posted here " + weekly.words() + " (" + weekly.zone()
                + "), and the monthly report on the 1st of each month at the same time."
                + set.flatMap(DigestSchedules.Scheduled::nextDigest).map(next -> " Next digest: " + next + ".").orElse(""))));
    }

    Reply off(Organization organization, Actor actor, String conversation) {
        if (actor.role() != Role.ADMIN) {
            return new Reply.Private("Only admins can schedule digests.");
        }
        boolean removed = schedules.off(organization.id(), conversation);
        if (removed) {
            audit.append(new AuditLog.Event(Optional.of(organization.id()), clock.instant(), actor.userId(), "schedule.digest_off",
                    "schedule/digest", Map.of("conversation", conversation)));
        }
        return new Reply.Shown(List.of(new Card.Text(removed ? "No more digests here." : "No digest was scheduled here.")));
    }

    /** The organization's digest schedules in words, a line each. */
    List<String> scheduled(long organizationId) {
        return schedules.scheduled(organizationId).stream().map(s -> "Weekly digest " + s.words() + " (" + s.zone() + ") and monthly report on"
                + " the 1st, posted in " + s.conversation() + " (" + s.platform().id() + "), set by " + s.setBy()
                + s.nextDigest().map(next -> "; next digest " + next).orElse("") + s.nextReport().map(next -> ", next report " + next).orElse("")
                + ".").toList();
    }
}
