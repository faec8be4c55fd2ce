package io.cloudsweep.storage;

import io.cloudsweep.engine.model.PriceKey;
import io.cloudsweep.engine.model.PriceSource;
import io.cloudsweep.engine.pricing.PriceBook;
import io.cloudsweep.engine.pricing.PriceCache;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class PostgresPriceCacheTest {

    @Test
    void remembersPricesFoundAndPricesAwsDidNotHave() {
        PostgresPriceCache cache = new PostgresPriceCache(TestDatabase.get());
        PriceKey found = new PriceKey("elb", "ap-southeast-2", "clb_hour");
        PriceKey absent = new PriceKey("ec2", "ap-southeast-2", "x9.metal");
        PriceBook.Price price = new PriceBook.Price(new BigDecimal("0.028"), "load-balancer-hour",
                new PriceSource(PriceSource.PRICING_API, "pricing:GetProducts AWSELB sku X", Optional.of(LocalDate.of(2026, 11, 1))));
        Instant at = Instant.parse("2026-11-26T10:00:00Z");

        cache.put(found, new PriceCache.Entry(Optional.of(price), at));
        cache.put(absent, new PriceCache.Entry(Optional.empty(), at));
        cache.put(found, new PriceCache.Entry(Optional.of(price), at.plusSeconds(60)));

        assertThat(cache.get(found)).hasValueSatisfying(entry -> {
            assertThat(entry.price().orElseThrow().usd()).isEqualByComparingTo("0.028");
            assertThat(entry.price().orElseThrow().source()).isEqualTo(price.source());
            assertThat(entry.fetchedAt()).isEqualTo(at.plusSeconds(60));
        });
        assertThat(cache.get(absent)).hasValueSatisfying(entry -> assertThat(entry.price()).isEmpty());
        assertThat(cache.get(new PriceKey("ebs", "sa-east-1", "gp2_storage"))).isEmpty();
    }
}
