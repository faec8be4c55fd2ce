package io.cloudsweep.engine.model;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A NAT gateway, with what routes to it.
 *
 * @param subnetId          the subnet it sits in
 * @param allocationIds     the Elastic IPs it holds (public gateways); deleting the gateway leaves them allocated
 * @param routeTableIds     the route tables with a route through it
 */
public record NatGateway(
        ResourceRef ref,
        Tags tags,
        Instant createdAt,
        String vpcId,
        String subnetId,
        List<String> allocationIds,
        List<String> routeTableIds) implements Resource {

    public NatGateway {
        Objects.requireNonNull(ref, "ref");
        Objects.requireNonNull(tags, "tags");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(vpcId, "vpcId");
        Objects.requireNonNull(subnetId, "subnetId");
        allocationIds = List.copyOf(allocationIds);
        routeTableIds = List.copyOf(routeTableIds);
    }
}
