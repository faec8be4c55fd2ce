package io.cloudsweep.engine.model;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Objects;

/**
 * An amount of US dollars. Exact ({@link BigDecimal}), never {@code double}. Two amounts are equal when
 * they are numerically equal, whatever their scale ({@code 8.0} equals {@code 8.00}).
 */
public record Money(BigDecimal amount) implements Comparable<Money> {

    /** Hours in the month AWS uses to turn hourly prices into monthly ones. */
    public static final BigDecimal HOURS_PER_MONTH = BigDecimal.valueOf(730);

    public static final Money ZERO = new Money(BigDecimal.ZERO);

    public Money {
        Objects.requireNonNull(amount, "amount");
    }

    public static Money usd(String amount) {
        return new Money(new BigDecimal(amount));
    }

    public static Money usd(BigDecimal amount) {
        return new Money(amount);
    }

    /** The monthly cost of something billed by the hour, running all month. */
    public static Money monthlyFromHourly(BigDecimal hourly) {
        return new Money(hourly.multiply(HOURS_PER_MONTH));
    }

    public Money plus(Money other) {
        return new Money(amount.add(other.amount));
    }

    public Money minus(Money other) {
        return new Money(amount.subtract(other.amount));
    }

    public Money times(BigDecimal factor) {
        return new Money(amount.multiply(factor));
    }

    public Money times(long factor) {
        return times(BigDecimal.valueOf(factor));
    }

    /** Rounded half-up to whole cents, the precision every report and total uses. */
    public Money toCents() {
        return new Money(amount.setScale(2, RoundingMode.HALF_UP));
    }

    public boolean isPositive() {
        return amount.signum() > 0;
    }

    @Override
    public int compareTo(Money other) {
        return amount.compareTo(other.amount);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Money money && amount.compareTo(money.amount) == 0;
    }

    @Override
    public int hashCode() {
        return amount.stripTrailingZeros().hashCode();
    }

    /** For example {@code $1,234.50}. */
    @Override
    public String toString() {
        return String.format("$%,.2f", amount.setScale(2, RoundingMode.HALF_UP));
    }
}
