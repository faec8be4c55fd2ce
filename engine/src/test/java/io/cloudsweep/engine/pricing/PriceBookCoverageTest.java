package io.cloudsweep.engine.pricing;

import io.cloudsweep.engine.model.PriceKey;
import io.cloudsweep.engine.model.Region;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The embedded book covers every price a rule can ask for in every region an account has by default, whatever the
 * resource ({@link PriceCoverage}): each is priced, or the book says no source it was built from gives it
 * ({@code # missing:}).
 */
class PriceBookCoverageTest {

    @Test
    void everyPriceARuleCanAskForInADefaultRegionIsInTheBookOrDeclaredMissing() {
        PriceBook book = PriceBook.embedded();
        List<String> unaccounted = PriceCoverage.DEFAULT_REGIONS.stream().flatMap(region -> PriceCoverage.keysRulesAskFor(book, region).stream())
                .filter(key -> book.find(key.service(), Region.of(key.region()), key.item()).isEmpty())
                .filter(key -> !book.declaredMissing().contains(key))
                .map(key -> key.service() + "," + key.region() + "," + key.item())
                .toList();

        assertThat(unaccounted).as("priced nowhere and not declared missing in the book").isEmpty();
    }

    @Test
    void noPriceIsBothInTheBookAndDeclaredMissing() {
        PriceBook book = PriceBook.embedded();

        assertThat(book.declaredMissing()).isNotEmpty()
                .noneMatch(key -> book.find(key.service(), Region.of(key.region()), key.item()).isPresent());
    }

    @Test
    void theKeysAskedForAreTheOnesTheRulesPrice() {
        Set<PriceKey> asked = PriceCoverage.keysRulesAskFor(PriceBook.embedded(), Region.of("us-east-1"));

        assertThat(asked).extracting(PriceKey::item).contains("gp2_storage", "gp3_throughput_above_125", "io2_iops_tier3_above_64000",
                "snapshot_standard", "public_ipv4_idle", "nat_gateway_hour", "snapshot_storage", "alb_hour", "nlb_hour", "clb_hour");
    }
}
