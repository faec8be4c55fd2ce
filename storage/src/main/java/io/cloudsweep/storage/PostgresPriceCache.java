package io.cloudsweep.storage;

import io.cloudsweep.engine.model.PriceKey;
import io.cloudsweep.engine.model.PriceSource;
import io.cloudsweep.engine.pricing.PriceBook;
import io.cloudsweep.engine.pricing.PriceCache;
import org.jdbi.v3.core.Jdbi;

import java.sql.Date;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

/** The price cache in the {@code price_cache} table, shared by every replica. Thread-safe. */
public final class PostgresPriceCache implements PriceCache {

    private final Jdbi jdbi;

    public PostgresPriceCache(Database database) {
        this.jdbi = database.jdbi();
    }

    @Override
    public Optional<Entry> get(PriceKey key) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT usd, unit, effective, source, fetched_at FROM price_cache
                        WHERE service = :service AND region = :region AND item = :item""")
                .bind("service", key.service()).bind("region", key.region()).bind("item", key.item())
                .map((rows, context) -> {
                    Date effective = rows.getDate("effective");
                    Optional<PriceBook.Price> price = rows.getBigDecimal("usd") == null ? Optional.empty()
                            : Optional.of(new PriceBook.Price(rows.getBigDecimal("usd"), rows.getString("unit"), new PriceSource(
                            PriceSource.PRICING_API, rows.getString("source"),
                            effective == null ? Optional.empty() : Optional.of(effective.toLocalDate()))));
                    return new Entry(price, rows.getObject("fetched_at", OffsetDateTime.class).toInstant());
                })
                .findOne());
    }

    @Override
    public void put(PriceKey key, Entry entry) {
        jdbi.useHandle(handle -> handle.createUpdate("""
                        INSERT INTO price_cache (service, region, item, usd, unit, effective, source, fetched_at)
                        VALUES (:service, :region, :item, :usd, :unit, :effective, :source, :fetchedAt)
                        ON CONFLICT (service, region, item) DO UPDATE SET usd = EXCLUDED.usd, unit = EXCLUDED.unit,
                            effective = EXCLUDED.effective, source = EXCLUDED.source, fetched_at = EXCLUDED.fetched_at""")
                .bind("service", key.service()).bind("region", key.region()).bind("item", key.item())
                .bind("usd", entry.price().map(PriceBook.Price::usd).orElse(null))
                .bind("unit", entry.price().map(PriceBook.Price::unit).orElse(null))
                .bind("effective", entry.price().flatMap(price -> price.source().effective()).orElse(null))
                .bind("source", entry.price().map(price -> price.source().citation()).orElse(null))
                .bind("fetchedAt", entry.fetchedAt().atOffset(ZoneOffset.UTC))
                .execute());
    }
}
