package io.cloudsweep.adapters.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cloudsweep.engine.model.PriceKey;
import io.cloudsweep.engine.model.PriceSource;
import io.cloudsweep.engine.pricing.PriceBook;
import io.cloudsweep.engine.pricing.PriceCache;
import io.cloudsweep.engine.scan.InventoryException;
import io.cloudsweep.engine.scan.PriceFetcher;
import software.amazon.awssdk.services.pricing.PricingClient;
import software.amazon.awssdk.services.pricing.model.Filter;
import software.amazon.awssdk.services.pricing.model.FilterType;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Fetches prices the embedded price book lacks, and fresh ones for the prices it holds that a scan used, from the AWS
 * Pricing API ({@code pricing:GetProducts}, in us-east-1), and remembers them, found or not, for 24 hours in a
 * {@link PriceCache} (the database's, shared by replicas, when scans are saved). Thread-safe: regions ask at once, and
 * each price is asked for once a day.
 */
final class AwsPriceFetcher implements PriceFetcher {

    static final Duration TIME_TO_LIVE = Duration.ofHours(24);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int PAGE = 100;

    private final PricingClient pricing;
    private final PriceCache cache;
    private final Clock clock;

    AwsPriceFetcher(PricingClient pricing, PriceCache cache, Clock clock) {
        this.pricing = pricing;
        this.cache = cache;
        this.clock = clock;
    }

    @Override
    public synchronized PriceBook fetch(Set<PriceKey> keys) {
        Map<PriceKey, PriceBook.Price> found = new HashMap<>();
        for (PriceKey key : keys) {
            Optional<PriceCache.Entry> cached = cache.get(key).filter(entry -> entry.fetchedAt().plus(TIME_TO_LIVE).isAfter(clock.instant()));
            if (cached.isPresent()) {
                cached.get().price().ifPresent(price -> found.put(key, price));
                continue;
            }
            Optional<PricingQueries.Query> query = PricingQueries.forKey(key);
            if (query.isEmpty()) {
                continue;
            }
            Optional<PriceBook.Price> price = ask(query.get());
            cache.put(key, new PriceCache.Entry(price, clock.instant()));
            price.ifPresent(value -> found.put(key, value));
        }
        return PriceBook.of(PriceSource.PRICING_API, found);
    }

    /**
     * Asks again, once a day, for the prices the book holds that a scan's costs rest on. A key asked for within the day
     * answers from the cache; when asking fails (throttled, denied, unreachable) the last good price stands, and no more
     * keys are asked for in this call. A key AWS has no price for is left to the book. Not serialised like
     * {@link #fetch}: each region asks for its own keys, so regions refresh side by side without asking twice.
     */
    @Override
    public PriceBook refresh(Set<PriceKey> keys) {
        Map<PriceKey, PriceBook.Price> fresh = new HashMap<>();
        InventoryException failure = null;
        for (PriceKey key : keys) {
            Optional<PriceCache.Entry> known = cache.get(key);
            boolean current = known.filter(entry -> entry.fetchedAt().plus(TIME_TO_LIVE).isAfter(clock.instant())).isPresent();
            Optional<PricingQueries.Query> query = PricingQueries.forKey(key);
            if (!current && failure == null && query.isPresent()) {
                try {
                    PriceCache.Entry asked = new PriceCache.Entry(ask(query.get()), clock.instant());
                    cache.put(key, asked);
                    known = Optional.of(asked);
                } catch (InventoryException e) {
                    failure = e;
                }
            }
            known.flatMap(PriceCache.Entry::price).ifPresent(price -> fresh.put(key, price));
        }
        if (fresh.isEmpty() && failure != null) {
            throw failure;
        }
        return PriceBook.of(PriceSource.PRICING_API, fresh);
    }

    private Optional<PriceBook.Price> ask(PricingQueries.Query query) {
        List<Filter> filters = query.filters().entrySet().stream()
                .map(filter -> Filter.builder().type(FilterType.TERM_MATCH).field(filter.getKey()).value(filter.getValue()).build())
                .toList();
        List<String> documents = Iam.call(Iam.PRICING_GET_PRODUCTS, () -> pricing.getProductsPaginator(request -> request
                        .serviceCode(query.serviceCode()).filters(filters).formatVersion("aws_v1").maxResults(PAGE))
                .priceList().stream().toList());
        for (String document : documents) {
            Optional<PriceBook.Price> price = onDemandPrice(document, query);
            if (price.isPresent()) {
                return price;
            }
        }
        return Optional.empty();
    }

    /** The first non-zero on-demand USD price of a price list document whose usage type fits the query. */
    static Optional<PriceBook.Price> onDemandPrice(String document, PricingQueries.Query query) {
        try {
            JsonNode product = JSON.readTree(document);
            String usageType = product.path("product").path("attributes").path("usagetype").asText("");
            if (!query.fits(usageType)) {
                return Optional.empty();
            }
            for (Iterator<JsonNode> terms = product.path("terms").path("OnDemand").elements(); terms.hasNext(); ) {
                JsonNode term = terms.next();
                for (Iterator<JsonNode> dimensions = term.path("priceDimensions").elements(); dimensions.hasNext(); ) {
                    JsonNode dimension = dimensions.next();
                    String usd = dimension.path("pricePerUnit").path("USD").asText("");
                    if (usd.isEmpty() || new BigDecimal(usd).signum() == 0) {
                        continue;
                    }
                    BigDecimal perUnit = new BigDecimal(usd).divide(query.perUnit(), MathContext.DECIMAL64).stripTrailingZeros();
                    Optional<LocalDate> effective = Optional.of(term.path("effectiveDate").asText(""))
                            .filter(date -> !date.isEmpty())
                            .map(date -> OffsetDateTime.parse(date).toLocalDate());
                    String citation = "pricing:GetProducts " + query.serviceCode() + " sku " + product.path("product").path("sku").asText("?");
                    return Optional.of(new PriceBook.Price(perUnit, query.unit(), new PriceSource(PriceSource.PRICING_API, citation, effective)));
                }
            }
            return Optional.empty();
        } catch (IOException | RuntimeException unreadable) {
            return Optional.empty();
        }
    }
}
