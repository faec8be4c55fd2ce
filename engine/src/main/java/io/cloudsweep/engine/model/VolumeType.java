package io.cloudsweep.engine.model;

import java.util.Arrays;
import java.util.stream.Collectors;

/** EBS volume types, with the name the EC2 API uses for each. */
public enum VolumeType {
    GP2("gp2"), GP3("gp3"), IO1("io1"), IO2("io2"), ST1("st1"), SC1("sc1"), STANDARD("standard");

    private final String apiName;

    VolumeType(String apiName) {
        this.apiName = apiName;
    }

    public String apiName() {
        return apiName;
    }

    public static VolumeType fromApiName(String name) {
        return Arrays.stream(values())
                .filter(type -> type.apiName.equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown EBS volume type '" + name + "'; known: "
                        + Arrays.stream(values()).map(VolumeType::apiName).collect(Collectors.joining(", "))));
    }
}
