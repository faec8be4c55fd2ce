package io.cloudsweep.engine.model;

import java.util.Objects;
import java.util.regex.Pattern;

/** An AWS region code such as {@code eu-west-1}. */
public record Region(String code) implements Comparable<Region> {

    private static final Pattern REGION_CODE = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d{1,2}");

    public Region {
        Objects.requireNonNull(code, "code");
        if (!REGION_CODE.matcher(code).matches()) {
            throw new IllegalArgumentException("not an AWS region code: '" + code + "' (expected a code like us-east-1)");
        }
    }

    public static Region of(String code) {
        return new Region(code);
    }

    /** The ARN partition the region belongs to. */
    public String partition() {
        if (code.startsWith("cn-")) {
            return "aws-cn";
        }
        return code.startsWith("us-gov-") ? "aws-us-gov" : "aws";
    }

    @Override
    public int compareTo(Region other) {
        return code.compareTo(other.code);
    }

    @Override
    public String toString() {
        return code;
    }
}
