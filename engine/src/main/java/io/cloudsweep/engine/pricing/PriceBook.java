package io.cloudsweep.engine.pricing;

import io.cloudsweep.engine.format.Csv;
import io.cloudsweep.engine.model.PriceKey;
import io.cloudsweep.engine.model.PriceSource;
import io.cloudsweep.engine.model.Region;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * AWS on-demand prices in USD, each with its unit and source, found by service, region and item. A row for
 * region {@code *} applies to every region without a row of its own. Immutable and thread-safe.
 *
 * <p>Items per service, as in the embedded file: {@code ebs} {@code gp2_storage}, {@code gp3_storage},
 * {@code gp3_iops_above_3000}, ...; {@code vpc} {@code public_ipv4_idle}; {@code elb} {@code alb_hour},
 * {@code nlb_hour}, {@code clb_hour}; {@code ec2} the instance type (Linux); {@code rds}
 * {@code engine/class/deployment} for instance hours and {@code engine/storage_item/deployment} for storage.
 */
public final class PriceBook {

    /** A price: the amount per {@code unit} and where it came from. */
    public record Price(BigDecimal usd, String unit, PriceSource source) {
        public Price {
            Objects.requireNonNull(usd, "usd");
            Objects.requireNonNull(unit, "unit");
            Objects.requireNonNull(source, "source");
            if (usd.signum() < 0) {
                throw new IllegalArgumentException("a price cannot be negative: " + usd);
            }
        }
    }

    record Key(String service, String region, String item) {
    }

    static final String ANY_REGION = "*";
    private static final String EMBEDDED_RESOURCE = "aws-prices.csv";
    private static final List<String> HEADER = List.of("service", "region", "item", "usd", "unit", "effective", "source");

    private static volatile PriceBook embedded;

    private static final String MISSING = "missing:";

    private final String version;
    private final Map<Key, Price> prices;
    private final Set<PriceKey> declaredMissing;

    private PriceBook(String version, Map<Key, Price> prices) {
        this(version, prices, Set.of());
    }

    private PriceBook(String version, Map<Key, Price> prices, Set<PriceKey> declaredMissing) {
        this.version = version;
        this.prices = Map.copyOf(prices);
        this.declaredMissing = Set.copyOf(declaredMissing);
    }

    /** The price book shipped inside the jar, loaded once. */
    public static PriceBook embedded() {
        PriceBook book = embedded;
        if (book == null) {
            try (InputStream in = PriceBook.class.getResourceAsStream(EMBEDDED_RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException("the embedded price book " + EMBEDDED_RESOURCE + " is missing from the build");
                }
                book = parse(new InputStreamReader(in, StandardCharsets.UTF_8), PriceSource.EMBEDDED);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the embedded price book", e);
            }
            embedded = book;
        }
        return book;
    }

    /**
     * Reads a price book in the embedded file's format: {@code #} comment lines (one may say
     * {@code # version: X}), a header row, then one price a row.
     *
     * @param origin what {@link PriceSource#origin()} each price gets
     * @throws IllegalArgumentException on a malformed row, naming its line
     */
    public static PriceBook parse(Reader reader, String origin) throws IOException {
        Map<Key, Price> prices = new HashMap<>();
        Set<PriceKey> missing = new HashSet<>();
        String version = "unversioned";
        boolean headerSeen = false;
        BufferedReader lines = new BufferedReader(reader);
        int lineNumber = 0;
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
            lineNumber++;
            if (line.isBlank()) {
                continue;
            }
            if (line.startsWith("#")) {
                String comment = line.substring(1).trim();
                if (comment.startsWith("version:")) {
                    version = comment.substring("version:".length()).trim();
                } else if (comment.startsWith(MISSING)) {
                    List<String> key = Csv.parseLine(comment.substring(MISSING.length()).trim());
                    if (key.size() < 3) {
                        throw new IllegalArgumentException("price book line " + lineNumber + ": '# missing:' needs service,region,item");
                    }
                    missing.add(new PriceKey(key.get(0), key.get(1), key.get(2)));
                }
                continue;
            }
            List<String> fields = Csv.parseLine(line);
            if (!headerSeen) {
                if (!fields.equals(HEADER)) {
                    throw new IllegalArgumentException("price book line " + lineNumber + ": expected the header " + HEADER);
                }
                headerSeen = true;
                continue;
            }
            if (fields.size() != HEADER.size()) {
                throw new IllegalArgumentException("price book line " + lineNumber + ": expected " + HEADER.size() + " fields, found " + fields.size());
            }
            Key key = new Key(fields.get(0), fields.get(1), fields.get(2));
            Price price;
            try {
                Optional<LocalDate> effective = fields.get(5).isEmpty() ? Optional.empty() : Optional.of(LocalDate.parse(fields.get(5)));
                price = new Price(new BigDecimal(fields.get(3)), fields.get(4), new PriceSource(origin, fields.get(6), effective));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("price book line " + lineNumber + ": " + e.getMessage(), e);
            }
            if (prices.putIfAbsent(key, price) != null) {
                throw new IllegalArgumentException("price book line " + lineNumber + ": a second price for " + key);
            }
        }
        return new PriceBook(version, prices, missing);
    }

    public String version() {
        return version;
    }

    /** The price of {@code item} of {@code service} in {@code region}, or the all-regions one. */
    public Optional<Price> find(String service, Region region, String item) {
        Price price = prices.get(new Key(service, region.code(), item));
        return price != null ? Optional.of(price) : Optional.ofNullable(prices.get(new Key(service, ANY_REGION, item)));
    }

    /** The regions with their own price for {@code item} of {@code service}. */
    public Set<String> regionsPricing(String service, String item) {
        Set<String> regions = new TreeSet<>();
        prices.keySet().stream()
                .filter(key -> key.service().equals(service) && key.item().equals(item) && !key.region().equals(ANY_REGION))
                .forEach(key -> regions.add(key.region()));
        return regions;
    }

    /** A book of the given prices, such as those fetched from the AWS Pricing API. */
    public static PriceBook of(String version, Map<PriceKey, Price> prices) {
        Map<Key, Price> keyed = new HashMap<>();
        prices.forEach((key, price) -> keyed.put(new Key(key.service(), key.region(), key.item()), price));
        return new PriceBook(version, keyed);
    }

    /** This book with {@code newer}'s prices taking precedence, as prices fetched at run time will. */
    public PriceBook overlay(PriceBook newer) {
        Map<Key, Price> merged = new HashMap<>(prices);
        merged.putAll(newer.prices);
        return new PriceBook(version + "+" + newer.version, merged);
    }

    /** Every price the book holds a row for, by its own region (or {@code *}). */
    public Set<PriceKey> keys() {
        Set<PriceKey> keys = new HashSet<>();
        prices.keySet().forEach(key -> keys.add(new PriceKey(key.service(), key.region(), key.item())));
        return keys;
    }

    /** The prices the book says no source it was built from gives ({@code # missing: service,region,item} lines). */
    public Set<PriceKey> declaredMissing() {
        return declaredMissing;
    }

    public int size() {
        return prices.size();
    }
}
