package io.cloudsweep.engine.model;

import java.util.List;
import java.util.Objects;

/** Everything an inventory found in one region of one account, at one moment. */
public record RegionInventory(Account account, Region region, List<Resource> resources) {

    public RegionInventory {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(region, "region");
        resources = List.copyOf(resources);
        for (Resource resource : resources) {
            if (!resource.ref().region().equals(region) || !resource.ref().accountId().equals(account.id())) {
                throw new IllegalArgumentException(resource.ref().arn() + " is not in " + account.id() + "/" + region);
            }
        }
    }
}
