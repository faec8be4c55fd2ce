package io.cloudsweep.engine.scan;

import io.cloudsweep.engine.model.Region;

import java.util.Objects;

/** A region that could not be scanned, and why. It resolves no finding and does not fail the scan. */
public record FailedRegion(String accountId, Region region, String error) {

    public FailedRegion {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(error, "error");
    }
}
