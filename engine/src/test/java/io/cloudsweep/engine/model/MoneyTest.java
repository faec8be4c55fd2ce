package io.cloudsweep.engine.model;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class MoneyTest {

    @Test
    void equalAmountsAreEqualWhateverTheirScale() {
        assertThat(Money.usd("8.0")).isEqualTo(Money.usd("8.00")).hasSameHashCodeAs(Money.usd("8"));
        assertThat(Money.usd("8.01")).isNotEqualTo(Money.usd("8.00"));
    }

    @Test
    void hourlyPricesBecomeMonthlyOver730Hours() {
        assertThat(Money.monthlyFromHourly(new BigDecimal("0.0225")).toCents()).isEqualTo(Money.usd("16.43"));
        assertThat(Money.monthlyFromHourly(new BigDecimal("0.005"))).isEqualTo(Money.usd("3.65"));
    }

    @Test
    void printsDollarsWithThousandsSeparators() {
        assertThat(Money.usd("1234.5")).hasToString("$1,234.50");
        assertThat(Money.usd("0.125")).hasToString("$0.13");
    }

    @Test
    void aKnownCostRoundsToCentsOnlyWhenShown() {
        PriceSource source = new PriceSource(PriceSource.EMBEDDED, "test", Optional.of(LocalDate.of(2026, 1, 1)));
        Cost third = Cost.known(Money.usd("0.334"), source);

        Cost sum = third.plus(third).plus(third);

        assertThat(third.monthly()).contains(Money.usd("0.33"));
        assertThat(sum.monthly()).contains(Money.usd("1.00"));
        assertThat(sum.annual()).contains(Money.usd("12.00"));
    }

    @Test
    void anUnknownPartMakesTheWholeUnknown() {
        PriceSource source = new PriceSource(PriceSource.EMBEDDED, "test", Optional.empty());
        Cost sum = Cost.known(Money.usd("5"), source).plus(Cost.unknown("no price for X"));

        assertThat(sum.monthly()).isEmpty();
        assertThat(sum).isEqualTo(Cost.unknown("no price for X"));
        assertThat(Cost.unknown("a").plus(Cost.unknown("b"))).isEqualTo(Cost.unknown("a; b"));
    }

    @Test
    void combinedSourcesKeepTheOlderDate() {
        PriceSource old = new PriceSource(PriceSource.EMBEDDED, "a", Optional.of(LocalDate.of(2021, 8, 3)));
        PriceSource recent = new PriceSource(PriceSource.PRICING_API, "b", Optional.of(LocalDate.of(2026, 9, 6)));

        PriceSource combined = recent.combine(old);

        assertThat(combined.effective()).contains(LocalDate.of(2021, 8, 3));
        assertThat(combined.origin()).isEqualTo("pricing-api+embedded");
        assertThat(old.combine(new PriceSource(PriceSource.EMBEDDED, "c", Optional.empty())).effective()).isEmpty();
    }
}
