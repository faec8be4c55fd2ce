package io.cloudsweep.engine.model;

import java.util.Objects;

/**
 * Names one price: {@code item} of {@code service} in {@code region}, as the price book files it, such as
 * {@code ebs / sa-east-1 / gp2_storage} or {@code ec2 / eu-west-1 / m7i.large}.
 */
public record PriceKey(String service, String region, String item) {

    public PriceKey {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(item, "item");
    }
}
