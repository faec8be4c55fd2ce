package io.cloudsweep.storage;

import io.cloudsweep.engine.model.PriceKey;
import io.cloudsweep.engine.model.PriceSource;
import io.cloudsweep.engine.pricing.PriceBook;
import io.cloudsweep.engine.pricing.PriceCache;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

/** The price cache in the {@code price_cache} table, shared by every replica. Thread-safe. */
public final class PostgresPriceCache implements PriceCache {

    interface Dao {
        record Row(BigDecimal usd, String unit, LocalDate effective, String source, OffsetDateTime fetchedAt) {
        }

        @SqlQuery("SELECT usd, unit, effective, source, fetched_at FROM price_cache WHERE service = :service AND region = :region AND item = :item")
        @RegisterConstructorMapper(Row.class)
        Optional<Row> get(@BindMethods PriceKey key);

        @SqlUpdate("""
                INSERT INTO price_cache (service, region, item, usd, unit, effective, source, fetched_at)
                VALUES (:service, :region, :item, :usd, :unit, :effective, :source, :fetchedAt)
                ON CONFLICT (service, region, item) DO UPDATE SET usd = EXCLUDED.usd, unit = EXCLUDED.unit,
                    effective = EXCLUDED.effective, source = EXCLUDED.source, fetched_at = EXCLUDED.fetched_at""")
        void put(@BindMethods PriceKey key, @BindMethods Row row);
    }

    private final Dao dao;

    public PostgresPriceCache(Database database) {
        this.dao = database.jdbi().onDemand(Dao.class);
    }

    @Override
    public Optional<Entry> get(PriceKey key) {
        return dao.get(key).map(row -> new Entry(row.usd() == null ? Optional.empty() : Optional.of(new PriceBook.Price(row.usd(), row.unit(),
                new PriceSource(PriceSource.PRICING_API, row.source(), Optional.ofNullable(row.effective())))), row.fetchedAt().toInstant()));
    }

    @Override
    public void put(PriceKey key, Entry entry) {
        dao.put(key, new Dao.Row(entry.price().map(PriceBook.Price::usd).orElse(null), entry.price().map(PriceBook.Price::unit).orElse(null),
                entry.price().flatMap(price -> price.source().effective()).orElse(null),
                entry.price().map(price -> price.source().citation()).orElse(null), entry.fetchedAt().atOffset(ZoneOffset.UTC)));
    }
}
