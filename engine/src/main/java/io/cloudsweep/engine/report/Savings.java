package io.cloudsweep.engine.report;

import io.cloudsweep.engine.model.Money;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.List;
import java.util.Objects;

/**
 * Realised savings, counted as they accrue: a cleanup saves its monthly amount spread evenly over the month (a month
 * being a twelfth of 365 days), from the moment it was done until it is undone. A $10/month volume deleted 7 days ago
 * has saved 10 × 7 / (365 / 12) = $2.30, and saves $10/month from now on. Pure.
 */
public final class Savings {

    /** Seconds in an average month: 365 days / 12. */
    static final BigDecimal SECONDS_PER_MONTH = BigDecimal.valueOf(365L * 86_400 / 12);

    private Savings() {
    }

    /**
     * What the organization's cleanups have saved, as of {@code now}: this week (since Monday 00:00 in {@code zone}), this
     * month (since the 1st), in total; the run rate (what the cleanups saving now save a month), and how many save now,
     * were undone, or have no known price (counted as saving nothing).
     */
    public record Totals(Money thisWeek, Money thisMonth, Money total, Money runRate, int saving, int undone, int unpriced,
                         Instant weekFrom, Instant monthFrom) {
        public Totals {
            Objects.requireNonNull(thisWeek, "thisWeek");
            Objects.requireNonNull(thisMonth, "thisMonth");
            Objects.requireNonNull(total, "total");
            Objects.requireNonNull(runRate, "runRate");
        }

        /** What a year at the run rate saves: the projection to hold realised savings against. */
        public Money projectedYear() {
            return runRate.times(12);
        }
    }

    public static Totals totals(List<Realised> realised, Instant now, ZoneId zone) {
        ZonedDateTime local = now.atZone(zone);
        Instant week = local.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)).truncatedTo(ChronoUnit.DAYS).toInstant();
        Instant month = local.withDayOfMonth(1).truncatedTo(ChronoUnit.DAYS).toInstant();
        int saving = (int) realised.stream().filter(r -> r.savingAt(now)).count();
        int undone = (int) realised.stream().filter(r -> r.undoneAt().filter(at -> !at.isAfter(now)).isPresent()).count();
        int unpriced = (int) realised.stream().filter(r -> r.monthly().isEmpty()).count();
        return new Totals(between(realised, week, now), between(realised, month, now), between(realised, Instant.EPOCH, now),
                runRate(realised, now), saving, undone, unpriced, week, month);
    }

    /** What was saved from {@code from} to {@code to}, to the cent. */
    public static Money between(List<Realised> realised, Instant from, Instant to) {
        BigDecimal saved = BigDecimal.ZERO;
        for (Realised cleanup : realised) {
            if (cleanup.monthly().isEmpty()) {
                continue;
            }
            Instant start = latest(from, cleanup.doneAt());
            Instant end = cleanup.undoneAt().filter(undone -> undone.isBefore(to)).orElse(to);
            if (end.isAfter(start)) {
                BigDecimal seconds = BigDecimal.valueOf(Duration.between(start, end).toMillis()).movePointLeft(3);
                saved = saved.add(cleanup.monthly().get().amount().multiply(seconds));
            }
        }
        return Money.usd(saved.divide(SECONDS_PER_MONTH, MathContext.DECIMAL64)).toCents();
    }

    /** What the cleanups saving at {@code at} save a month. */
    public static Money runRate(List<Realised> realised, Instant at) {
        return realised.stream().filter(r -> r.savingAt(at)).map(r -> r.monthly().orElse(Money.ZERO)).reduce(Money.ZERO, Money::plus);
    }

    private static Instant latest(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
