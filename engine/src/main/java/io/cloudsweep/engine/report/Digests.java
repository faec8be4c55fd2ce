package io.cloudsweep.engine.report;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Builds an organization's digest from the database as of now: the weekly digest covers the 7 days up to now, the
 * monthly report the calendar month before this one (in the digest's zone). Building a digest records open waste now
 * as a point of the trend. Thread-safe.
 */
public final class Digests {

    /** Open findings shown as cards. */
    public static final int TOP = 5;
    /** An approval waiting longer than this for a second admin is called out. */
    public static final Duration WAITING = Duration.ofDays(3);
    /** Snoozes ending within this after the digest are called out. */
    public static final Duration SNOOZES_AHEAD = Duration.ofDays(7);
    /** Weeks in the trend. */
    public static final int TREND_WEEKS = 12;

    private static final Duration WEEK = Duration.ofDays(7);

    private final DigestQueries queries;
    private final SavingsLedger ledger;
    private final SpendReader spend;
    private final Clock clock;

    public Digests(DigestQueries queries, SavingsLedger ledger, Clock clock) {
        this(queries, ledger, SpendReader.NONE, clock);
    }

    public Digests(DigestQueries queries, SavingsLedger ledger, SpendReader spend, Clock clock) {
        this.queries = Objects.requireNonNull(queries, "queries");
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.spend = Objects.requireNonNull(spend, "spend");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * AWS's own figures for each account with a real cleanup: its spend on the services its cleanups touched, before
     * its first cleanup and since, or why there are none; by account id.
     */
    public java.util.Map<String, SpendReader.Answer> spend(long organizationId, List<Realised> realised) {
        java.util.Map<String, SpendReader.Answer> answers = new java.util.TreeMap<>();
        if (spend == SpendReader.NONE) {
            return answers;
        }
        realised.stream().collect(java.util.stream.Collectors.groupingBy(Realised::accountId)).forEach((account, cleanups) -> {
            java.time.LocalDate first = cleanups.stream().map(Realised::doneAt).min(Instant::compareTo).orElseThrow()
                    .atZone(java.time.ZoneOffset.UTC).toLocalDate();
            java.util.Set<io.cloudsweep.engine.model.ResourceType> types = cleanups.stream().map(Realised::type)
                    .collect(java.util.stream.Collectors.toCollection(() -> java.util.EnumSet.noneOf(io.cloudsweep.engine.model.ResourceType.class)));
            answers.put(account, spend.spend(organizationId, account, types, first));
        });
        return answers;
    }

    /** The organization's realised savings as of now, weeks and months starting in {@code zone}. */
    public Savings.Totals savings(long organizationId, ZoneId zone) {
        return Savings.totals(ledger.realised(organizationId), clock.instant(), zone);
    }

    /** The organization's realised cleanups, for those who list them. */
    public List<Realised> realised(long organizationId) {
        return ledger.realised(organizationId);
    }

    public Digest build(long organizationId, Digest.Scope scope, ZoneId zone) {
        Instant now = clock.instant();
        Instant from;
        Instant to;
        if (scope == Digest.Scope.WEEK) {
            from = now.minus(WEEK);
            to = now;
        } else {
            YearMonth last = YearMonth.from(now.atZone(zone)).minusMonths(1);
            from = last.atDay(1).atStartOfDay(zone).toInstant();
            to = last.plusMonths(1).atDay(1).atStartOfDay(zone).toInstant();
        }
        Digest.WastePoint openNow = queries.recordWaste(organizationId, now);
        List<Instant> weekEnds = new ArrayList<>();
        for (int week = TREND_WEEKS - 1; week >= 0; week--) {
            weekEnds.add(now.minus(WEEK.multipliedBy(week)));
        }
        List<Instant> moments = new ArrayList<>(weekEnds);
        moments.add(from);
        List<Optional<Digest.WastePoint>> recorded = queries.wasteAt(organizationId, moments);
        List<Realised> realised = ledger.realised(organizationId);
        DigestQueries.Moves moves = queries.moves(organizationId, from, to);
        Digest digest = new Digest(scope, from, to, zone, openNow, recorded.get(TREND_WEEKS), moves.fresh(), moves.resolved(), moves.cleaned(),
                Savings.between(realised, from, to), Savings.totals(realised, now, zone), queries.costliestOpen(organizationId, TOP),
                queries.snoozesEnding(organizationId, now, now.plus(SNOOZES_AHEAD)), queries.failedCleanups(organizationId, from, to),
                queries.waitingApprovals(organizationId, now.minus(WAITING)), trend(weekEnds, recorded.subList(0, TREND_WEEKS), realised),
                scope == Digest.Scope.MONTH ? queries.cleanups(organizationId, from, to) : List.of());
        queries.published(organizationId, digest);
        return digest;
    }

    /** Each week's open waste as last recorded by its end, and savings realised by then. */
    private static List<Digest.TrendPoint> trend(List<Instant> weekEnds, List<Optional<Digest.WastePoint>> recorded, List<Realised> realised) {
        List<Digest.TrendPoint> trend = new ArrayList<>();
        for (int week = 0; week < weekEnds.size(); week++) {
            trend.add(new Digest.TrendPoint(weekEnds.get(week), recorded.get(week).map(Digest.WastePoint::openMonthly),
                    Savings.between(realised, Instant.EPOCH, weekEnds.get(week))));
        }
        return trend;
    }
}
