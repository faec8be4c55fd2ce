package io.cloudsweep.engine.scan;

import io.cloudsweep.engine.model.Region;
import io.cloudsweep.engine.model.ResourceType;

import java.util.Set;

/** Part of a region a scan could not read; the rest of the region was scanned. */
public record ScanGap(String accountId, Region region, Set<ResourceType> types, String error) {

    public ScanGap {
        types = Set.copyOf(types);
    }
}
