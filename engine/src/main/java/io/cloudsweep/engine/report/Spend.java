package io.cloudsweep.engine.report;

import io.cloudsweep.engine.model.Money;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;

/**
 * AWS's own figures for an account (Cost Explorer, unblended cost) on the services its cleanups touched: what they cost
 * in the days before its first cleanup and in the days since, as AWS billed them. Shown beside CloudSweep's estimate,
 * clearly as AWS's; AWS's figures move with everything else in the account too.
 *
 * @param services  Cost Explorer's names of the services, such as {@code EC2 - Other}
 * @param fetchedAt when Cost Explorer was asked (it is asked rarely: each call costs money)
 */
public record Spend(String accountId, List<String> services, Window before, Window since, Instant fetchedAt) {

    public Spend {
        Objects.requireNonNull(accountId, "accountId");
        services = List.copyOf(services);
        Objects.requireNonNull(before, "before");
        Objects.requireNonNull(since, "since");
        Objects.requireNonNull(fetchedAt, "fetchedAt");
    }

    /** Days [{@code from}, {@code to}) and what AWS billed for them. */
    public record Window(LocalDate from, LocalDate to, Money amount) {
        public Window {
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
            Objects.requireNonNull(amount, "amount");
        }

        public long days() {
            return ChronoUnit.DAYS.between(from, to);
        }

        /** The amount spread over 30 days, so windows of different lengths compare. */
        public Money per30Days() {
            long days = days();
            return days <= 0 ? Money.ZERO
                    : Money.usd(amount.amount().multiply(BigDecimal.valueOf(30)).divide(BigDecimal.valueOf(days), MathContext.DECIMAL64)).toCents();
        }
    }
}
