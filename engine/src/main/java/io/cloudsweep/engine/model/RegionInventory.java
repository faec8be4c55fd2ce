package io.cloudsweep.engine.model;

import java.util.List;
import java.util.Objects;

/**
 * Everything an inventory found in one region of one account, at one moment, and what it could not read.
 *
 * @param gaps the resource types that could not be read, with why; empty when the region was read whole
 */
public record RegionInventory(Account account, Region region, List<Resource> resources, List<InventoryGap> gaps) {

    public RegionInventory(Account account, Region region, List<Resource> resources) {
        this(account, region, resources, List.of());
    }

    public RegionInventory {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(region, "region");
        resources = List.copyOf(resources);
        gaps = List.copyOf(gaps);
        for (Resource resource : resources) {
            if (!resource.ref().region().equals(region) || !resource.ref().accountId().equals(account.id())) {
                throw new IllegalArgumentException(resource.ref().arn() + " is not in " + account.id() + "/" + region);
            }
        }
    }
}
