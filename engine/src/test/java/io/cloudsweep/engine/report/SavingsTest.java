package io.cloudsweep.engine.report;

import io.cloudsweep.engine.model.Money;
import io.cloudsweep.engine.model.ResourceType;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SavingsTest {

    /** A Friday: its week began on Monday 30 November, its month on the 1st. */
    private static final Instant NOW = Instant.parse("2026-12-04T12:00:00Z");

    private static Realised volume(String monthly, Instant done, Optional<Instant> undone) {
        return new Realised(1, 17, "ebs-unattached", ResourceType.EBS_VOLUME, "vol-0abc", "123456789012", Optional.of(Money.usd(monthly)), done, undone);
    }

    @Test
    void aTenDollarVolumeDeletedSevenDaysAgoHasSavedTwoThirtyAndSavesTenAMonth() {
        List<Realised> done = List.of(volume("10.00", NOW.minus(Duration.ofDays(7)), Optional.empty()));

        Savings.Totals totals = Savings.totals(done, NOW, ZoneOffset.UTC);

        assertThat(totals.total()).isEqualTo(Money.usd("2.30"));
        assertThat(totals.runRate()).isEqualTo(Money.usd("10.00"));
        assertThat(totals.projectedYear()).isEqualTo(Money.usd("120.00"));
        assertThat(totals.saving()).isEqualTo(1);
        // since Monday 00:00 UTC: 4.5 days of $10 a month
        assertThat(totals.weekFrom()).isEqualTo(Instant.parse("2026-11-30T00:00:00Z"));
        assertThat(totals.thisWeek()).isEqualTo(Money.usd("1.48"));
        // since the 1st: 3.5 days
        assertThat(totals.thisMonth()).isEqualTo(Money.usd("1.15"));
    }

    @Test
    void anUndoStopsTheCountFromThatDayAndTheRunRateDropsToNothing() {
        Instant done = NOW.minus(Duration.ofDays(7));
        List<Realised> undone = List.of(volume("10.00", done, Optional.of(done.plus(Duration.ofDays(3)))));

        Savings.Totals totals = Savings.totals(undone, NOW, ZoneOffset.UTC);

        assertThat(totals.total()).as("three days of $10 a month").isEqualTo(Money.usd("0.99"));
        assertThat(totals.runRate()).isEqualTo(Money.ZERO);
        assertThat(totals.undone()).isEqualTo(1);
        assertThat(totals.saving()).isZero();
        assertThat(Savings.totals(undone, NOW.plus(Duration.ofDays(30)), ZoneOffset.UTC).total()).as("and stays there").isEqualTo(Money.usd("0.99"));
    }

    @Test
    void savingsAccrueOnlyInsideTheWindowAskedFor() {
        Instant done = Instant.parse("2026-11-01T00:00:00Z");
        List<Realised> realised = List.of(volume("36.50", done, Optional.empty()),
                volume("100.00", Instant.parse("2026-12-10T00:00:00Z"), Optional.empty()));

        // $36.50 a month is $1.20 a day
        assertThat(Savings.between(realised, Instant.parse("2026-10-01T00:00:00Z"), done)).isEqualTo(Money.ZERO);
        assertThat(Savings.between(realised, done, done.plus(Duration.ofDays(10)))).isEqualTo(Money.usd("12.00"));
        assertThat(Savings.runRate(realised, NOW)).as("the later cleanup is not done yet").isEqualTo(Money.usd("36.50"));
    }

    @Test
    void aCleanupOfUnknownPriceIsCountedAsUnpricedNotAsMoney() {
        List<Realised> realised = List.of(new Realised(2, 18, "elb-idle", ResourceType.LOAD_BALANCER, "lb-1", "123456789012", Optional.empty(),
                NOW.minus(Duration.ofDays(2)), Optional.empty()));

        Savings.Totals totals = Savings.totals(realised, NOW, ZoneId.of("Europe/Berlin"));

        assertThat(totals.total()).isEqualTo(Money.ZERO);
        assertThat(totals.unpriced()).isEqualTo(1);
        assertThat(totals.saving()).as("it still saves, at a price we do not know").isEqualTo(1);
    }

    @Test
    void weeksAndMonthsStartInTheZoneAsked() {
        Instant sundayNightInUtc = Instant.parse("2026-11-29T23:30:00Z");
        Savings.Totals berlin = Savings.totals(List.of(), sundayNightInUtc, ZoneId.of("Europe/Berlin"));

        assertThat(berlin.weekFrom()).as("already Monday in Berlin").isEqualTo(Instant.parse("2026-11-29T23:00:00Z"));
        assertThat(Savings.totals(List.of(), sundayNightInUtc, ZoneOffset.UTC).weekFrom()).isEqualTo(Instant.parse("2026-11-23T00:00:00Z"));
    }

    @Test
    void aCleanupCannotBeUndoneBeforeItWasDone() {
        assertThatThrownBy(() -> volume("1.00", NOW, Optional.of(NOW.minusSeconds(1)))).isInstanceOf(IllegalArgumentException.class);
    }
}
