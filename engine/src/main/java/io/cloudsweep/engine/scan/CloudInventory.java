package io.cloudsweep.engine.scan;

import io.cloudsweep.engine.model.Account;
import io.cloudsweep.engine.model.MetricData;
import io.cloudsweep.engine.model.MetricQuery;
import io.cloudsweep.engine.model.Region;
import io.cloudsweep.engine.model.RegionInventory;

import java.time.Instant;
import java.util.List;

/**
 * The port a scan reads the cloud through: AWS in production, the demo account in the demo. Implementations
 * must be thread-safe (regions are read concurrently) and signal failures with {@link InventoryException}.
 */
public interface CloudInventory {

    /** The regions the account has enabled, for {@code --regions all}. */
    List<Region> enabledRegions(Account account);

    /** Every resource of the kinds CloudSweep knows in one region. */
    RegionInventory describe(Account account, Region region);

    /**
     * The daily series asked for, over their lookbacks ending the UTC day before {@code now}. A series
     * CloudWatch has nothing for may be left out; the rules then report insufficient data.
     */
    MetricData metrics(Account account, Region region, List<MetricQuery> queries, Instant now);
}
