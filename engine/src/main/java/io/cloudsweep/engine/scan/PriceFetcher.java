package io.cloudsweep.engine.scan;

import io.cloudsweep.engine.model.PriceKey;
import io.cloudsweep.engine.pricing.PriceBook;

import java.util.Map;
import java.util.Set;

/**
 * Finds prices the embedded price book lacks, and fresher ones for those it holds, for the regions and types a scan
 * actually met (the AWS Pricing API in production). Implementations cache what they learn, so a repeat scan asks
 * nothing. Thread-safe.
 */
@FunctionalInterface
public interface PriceFetcher {

    PriceFetcher NONE = keys -> PriceBook.of("none", Map.of());

    /**
     * The prices found for {@code keys}; keys no price was found for are left out.
     *
     * @throws InventoryException when the prices could not be asked for; the scan keeps the costs unknown
     */
    PriceBook fetch(Set<PriceKey> keys);

    /**
     * Fresh prices for {@code keys}, which the book holds already: asked for at most once a day each, the last good price
     * kept when asking fails. Keys AWS has no price for are left out, so the book's stands. None by default.
     *
     * @throws InventoryException when the prices could not be asked for and none was known before
     */
    default PriceBook refresh(Set<PriceKey> keys) {
        return NONE.fetch(keys);
    }
}
