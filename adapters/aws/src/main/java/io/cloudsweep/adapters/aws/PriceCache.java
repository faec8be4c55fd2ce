package io.cloudsweep.adapters.aws;

import io.cloudsweep.engine.format.Csv;
import io.cloudsweep.engine.model.PriceKey;
import io.cloudsweep.engine.model.PriceSource;
import io.cloudsweep.engine.pricing.PriceBook;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Prices fetched from the Pricing API, kept in a file for 24 hours so a repeat scan asks nothing: one CSV
 * row a price, with when it was fetched; a row without a price records that AWS had none, so that is not
 * asked again either. Written whole to a temporary file and moved into place, so a crash never leaves half a
 * file. (It moves into PostgreSQL's {@code price_cache} table with the storage issue.) Thread-safe.
 */
final class PriceCache {

    static final Duration TIME_TO_LIVE = Duration.ofHours(24);
    private static final List<String> HEADER = List.of("service", "region", "item", "usd", "unit", "effective", "source", "fetched_at");

    /** What the cache knows of one price: found (with the price) or known to be absent. */
    record Entry(Optional<PriceBook.Price> price, Instant fetchedAt) {
    }

    private final Path file;
    private final Clock clock;
    private final Map<PriceKey, Entry> entries = new HashMap<>();

    PriceCache(Path file, Clock clock) {
        this.file = file;
        this.clock = clock;
        load();
    }

    /** The cached entry for {@code key} if it is younger than a day. */
    synchronized Optional<Entry> fresh(PriceKey key) {
        Entry entry = entries.get(key);
        return entry != null && entry.fetchedAt().plus(TIME_TO_LIVE).isAfter(clock.instant()) ? Optional.of(entry) : Optional.empty();
    }

    synchronized void put(PriceKey key, Optional<PriceBook.Price> price) {
        entries.put(key, new Entry(price, clock.instant()));
    }

    /** Writes every entry younger than a day to the file. */
    synchronized void save() {
        List<String> lines = new ArrayList<>();
        lines.add(Csv.formatLine(HEADER));
        Instant cutoff = clock.instant().minus(TIME_TO_LIVE);
        entries.forEach((key, entry) -> {
            if (entry.fetchedAt().isAfter(cutoff)) {
                lines.add(Csv.formatLine(List.of(key.service(), key.region(), key.item(),
                        entry.price().map(price -> price.usd().toPlainString()).orElse(""),
                        entry.price().map(PriceBook.Price::unit).orElse(""),
                        entry.price().flatMap(price -> price.source().effective()).map(Object::toString).orElse(""),
                        entry.price().map(price -> price.source().citation()).orElse(""),
                        entry.fetchedAt().toString())));
            }
        });
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path temporary = Files.createTempFile(file.toAbsolutePath().getParent(), "price-cache", ".tmp");
            Files.write(temporary, lines, StandardCharsets.UTF_8);
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the price cache " + file, e);
        }
    }

    /** A missing or unreadable cache is an empty one: prices are fetched again. */
    private void load() {
        if (!Files.isRegularFile(file)) {
            return;
        }
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
                List<String> fields = Csv.parseLine(line);
                if (fields.size() != HEADER.size()) {
                    continue;
                }
                PriceKey key = new PriceKey(fields.get(0), fields.get(1), fields.get(2));
                Optional<PriceBook.Price> price = fields.get(3).isEmpty() ? Optional.empty() : Optional.of(new PriceBook.Price(
                        new BigDecimal(fields.get(3)), fields.get(4), new PriceSource(PriceSource.PRICING_API, fields.get(6),
                        fields.get(5).isEmpty() ? Optional.empty() : Optional.of(LocalDate.parse(fields.get(5))))));
                entries.put(key, new Entry(price, Instant.parse(fields.get(7))));
            }
        } catch (IOException | RuntimeException unreadable) {
            entries.clear();
        }
    }
}
