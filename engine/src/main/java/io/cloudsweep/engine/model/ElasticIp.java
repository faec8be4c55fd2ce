package io.cloudsweep.engine.model;

import java.util.Objects;
import java.util.Optional;

/**
 * An Elastic IP address. AWS reports no allocation time for addresses.
 *
 * @param associationId      present while the address is associated with an instance or interface
 * @param instanceId         the instance it is associated with, if any
 * @param networkInterfaceId the network interface it is associated with, if any (NAT gateways, load
 *                           balancers and instances all associate through one)
 */
public record ElasticIp(
        ResourceRef ref,
        Tags tags,
        String publicIp,
        Optional<String> associationId,
        Optional<String> instanceId,
        Optional<String> networkInterfaceId) implements Resource {

    public ElasticIp {
        Objects.requireNonNull(ref, "ref");
        Objects.requireNonNull(tags, "tags");
        Objects.requireNonNull(publicIp, "publicIp");
        Objects.requireNonNull(associationId, "associationId");
        Objects.requireNonNull(instanceId, "instanceId");
        Objects.requireNonNull(networkInterfaceId, "networkInterfaceId");
    }

    public boolean isAssociated() {
        return associationId.isPresent();
    }
}
