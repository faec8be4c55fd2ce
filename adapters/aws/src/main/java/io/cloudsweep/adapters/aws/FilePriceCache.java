package io.cloudsweep.adapters.aws;

import io.cloudsweep.engine.format.Csv;
import io.cloudsweep.engine.model.PriceKey;
import io.cloudsweep.engine.model.PriceSource;
import io.cloudsweep.engine.pricing.PriceBook;
import io.cloudsweep.engine.pricing.PriceCache;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Prices fetched from the Pricing API, kept in a CSV file in the data dir when no database is in use (with
 * one, {@code PostgresPriceCache} keeps them): one row a price with when it was fetched; a row without a
 * price records that AWS had none. Written whole to a temporary file and moved into place on every change,
 * so a crash never leaves half a file; entries older than a day are dropped when it is written. Thread-safe.
 */
public final class FilePriceCache implements PriceCache {

    private static final List<String> HEADER = List.of("service", "region", "item", "usd", "unit", "effective", "source", "fetched_at");

    private final Path file;
    private final Clock clock;
    private final Map<PriceKey, Entry> entries = new HashMap<>();

    public FilePriceCache(Path file, Clock clock) {
        this.file = file;
        this.clock = clock;
        load();
    }

    @Override
    public synchronized Optional<Entry> get(PriceKey key) {
        return Optional.ofNullable(entries.get(key));
    }

    @Override
    public synchronized void put(PriceKey key, Entry entry) {
        entries.put(key, entry);
        save();
    }

    private void save() {
        List<String> lines = new ArrayList<>();
        lines.add(Csv.formatLine(HEADER));
        Instant cutoff = clock.instant().minus(AwsPriceFetcher.TIME_TO_LIVE);
        entries.forEach((key, entry) -> {
            // a price stays, however old, as the last good one should asking fail; "AWS has none" lasts a day
            if (entry.price().isPresent() || entry.fetchedAt().isAfter(cutoff)) {
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
