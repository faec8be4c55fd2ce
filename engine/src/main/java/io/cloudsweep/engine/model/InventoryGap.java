package io.cloudsweep.engine.model;

import java.util.Objects;
import java.util.Set;

/**
 * Part of a region the inventory could not read, such as load balancers when access to them is denied.
 * Resources of these types are missing from the inventory: nothing can be concluded about them.
 *
 * @param error what went wrong, naming the IAM action to grant where that is the cause
 */
public record InventoryGap(Set<ResourceType> types, String error) {

    public InventoryGap {
        types = Set.copyOf(types);
        Objects.requireNonNull(error, "error");
        if (types.isEmpty()) {
            throw new IllegalArgumentException("a gap is missing at least one resource type");
        }
    }
}
