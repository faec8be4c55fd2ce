package io.cloudsweep.engine.model;

import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a price came from: {@code origin} ({@code embedded} for the price book shipped in the jar,
 * {@code pricing-api} for one fetched from AWS), a citation, and the date it took effect where the source
 * states one.
 */
public record PriceSource(String origin, String citation, Optional<LocalDate> effective) {

    public static final String EMBEDDED = "embedded";
    public static final String PRICING_API = "pricing-api";

    public PriceSource {
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(citation, "citation");
        Objects.requireNonNull(effective, "effective");
    }

    /**
     * The source of a cost built from two prices: the same origin if they share one, else both; the older
     * date, since a figure is only as fresh as its stalest part.
     */
    public PriceSource combine(PriceSource other) {
        if (this.equals(other)) {
            return this;
        }
        String combinedOrigin = origin.equals(other.origin) ? origin : origin + "+" + other.origin;
        String combinedCitation = citation.equals(other.citation) ? citation : citation + "; " + other.citation;
        Optional<LocalDate> older = effective.isEmpty() || other.effective.isEmpty()
                ? Optional.empty()
                : Optional.of(effective.get().isBefore(other.effective.get()) ? effective.get() : other.effective.get());
        return new PriceSource(combinedOrigin, combinedCitation, older);
    }
}
