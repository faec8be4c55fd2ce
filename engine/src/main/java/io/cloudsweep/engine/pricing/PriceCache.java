package io.cloudsweep.engine.pricing;

import io.cloudsweep.engine.model.PriceKey;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Where prices fetched at run time are remembered, found or not, so a repeat scan within a day asks AWS
 * nothing: a file in the data dir, or the database's {@code price_cache} table. Thread-safe.
 */
public interface PriceCache {

    Optional<Entry> get(PriceKey key);

    /** Remembers what was learnt of {@code key}: its price, or that there is none. */
    void put(PriceKey key, Entry entry);

    /** What is known of one price and when it was learnt; an empty price means AWS had none. */
    record Entry(Optional<PriceBook.Price> price, Instant fetchedAt) {
        public Entry {
            Objects.requireNonNull(price, "price");
            Objects.requireNonNull(fetchedAt, "fetchedAt");
        }
    }
}
