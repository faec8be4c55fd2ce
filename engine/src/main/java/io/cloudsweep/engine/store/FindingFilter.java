package io.cloudsweep.engine.store;

import java.math.BigDecimal;
import java.util.Objects;
import java.util.Optional;

/**
 * Which of an organization's findings an integration asks for: by account, region, rule, status (any status when
 * empty) and a minimum monthly cost (findings of unknown cost pass only a minimum of zero).
 */
public record FindingFilter(Optional<String> accountId, Optional<String> region, Optional<String> ruleId, Optional<StoredFinding.Status> status,
                            BigDecimal minMonthlyUsd) {

    public FindingFilter {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(ruleId, "ruleId");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(minMonthlyUsd, "minMonthlyUsd");
    }

    /** Every finding. */
    public static FindingFilter all() {
        return new FindingFilter(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), BigDecimal.ZERO);
    }

    /** Whether {@code stored} is one of those asked for. */
    public boolean admits(StoredFinding stored) {
        return accountId.map(id -> id.equals(stored.finding().resource().accountId())).orElse(true)
                && region.map(code -> code.equals(stored.finding().resource().region().code())).orElse(true)
                && ruleId.map(id -> id.equals(stored.finding().ruleId())).orElse(true)
                && status.map(wanted -> wanted == stored.status()).orElse(true)
                && (minMonthlyUsd.signum() == 0 || stored.finding().monthlyCost().map(cost -> cost.amount().compareTo(minMonthlyUsd) >= 0).orElse(false));
    }
}
