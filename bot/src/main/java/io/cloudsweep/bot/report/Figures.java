package io.cloudsweep.bot.report;

import io.cloudsweep.engine.model.Cost;
import io.cloudsweep.engine.model.Finding;
import io.cloudsweep.engine.model.Money;
import io.cloudsweep.engine.model.PriceSource;
import io.cloudsweep.engine.model.Tags;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Optional;
import java.util.stream.Collectors;

/** How reports spell money, prices and tags, the same way in every format. */
final class Figures {

    private Figures() {
    }

    /** Dollars with two decimals, as a JSON number or CSV field. */
    static BigDecimal usd(Money money) {
        return money.amount().setScale(2, RoundingMode.HALF_UP);
    }

    static Optional<PriceSource> priceSource(Finding finding) {
        return finding.cost() instanceof Cost.Known known ? Optional.of(known.source()) : Optional.empty();
    }

    static Optional<String> unknownCostReason(Finding finding) {
        return finding.cost() instanceof Cost.Unknown unknown ? Optional.of(unknown.reason()) : Optional.empty();
    }

    /** {@code key=value} pairs separated by semicolons, for one CSV field. */
    static String tags(Tags tags) {
        return tags.values().entrySet().stream().map(tag -> tag.getKey() + "=" + tag.getValue()).collect(Collectors.joining(";"));
    }
}
