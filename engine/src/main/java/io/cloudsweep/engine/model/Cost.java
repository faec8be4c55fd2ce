package io.cloudsweep.engine.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a finding costs per month: a known amount with the source of its price, or explicitly unknown with
 * the reason. Never a silent zero.
 */
public sealed interface Cost {

    Optional<Money> monthly();

    /** Twelve times the monthly figure. */
    default Optional<Money> annual() {
        return monthly().map(month -> month.times(12));
    }

    static Cost known(Money monthly, PriceSource source) {
        return new Known(monthly, source);
    }

    static Cost unknown(String reason) {
        return new Unknown(reason, List.of());
    }

    /** Unknown because these prices are missing; a price refresh may find them. */
    static Cost missingPrices(String reason, List<PriceKey> missing) {
        return new Unknown(reason, missing);
    }

    /** The sum of two costs; unknown if either part is. */
    default Cost plus(Cost other) {
        if (this instanceof Unknown unknown) {
            if (other instanceof Unknown second) {
                List<PriceKey> missing = new ArrayList<>(unknown.missing());
                missing.addAll(second.missing());
                return new Unknown(unknown.reason() + "; " + second.reason(), missing);
            }
            return unknown;
        }
        if (other instanceof Unknown unknown) {
            return unknown;
        }
        Known first = (Known) this;
        Known second = (Known) other;
        return known(first.exact().plus(second.exact()), first.source().combine(second.source()));
    }

    /** The difference of two costs; unknown if either part is. */
    default Cost minus(Cost other) {
        if (other instanceof Known known) {
            return plus(new Known(Money.ZERO.minus(known.exact()), known.source()));
        }
        return plus(other);
    }

    /**
     * A known monthly cost. {@code exact} keeps full precision so sums stay exact; {@link #monthly()} is it
     * rounded to cents, the figure reports show and totals add up.
     */
    record Known(Money exact, PriceSource source) implements Cost {
        public Known {
            Objects.requireNonNull(exact, "exact");
            Objects.requireNonNull(source, "source");
        }

        @Override
        public Optional<Money> monthly() {
            return Optional.of(exact.toCents());
        }
    }

    /**
     * A cost no price was found for, with the reason in words a user can act on.
     *
     * @param missing the prices that were missing, where that is the reason (empty when no price could help)
     */
    record Unknown(String reason, List<PriceKey> missing) implements Cost {
        public Unknown {
            Objects.requireNonNull(reason, "reason");
            missing = List.copyOf(missing);
        }

        @Override
        public Optional<Money> monthly() {
            return Optional.empty();
        }
    }
}
