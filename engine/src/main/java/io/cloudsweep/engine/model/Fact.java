package io.cloudsweep.engine.model;

import java.util.Objects;

/** One piece of evidence behind a finding, such as {@code state = available}. */
public record Fact(String name, String value) {

    public Fact {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
    }

    public static Fact of(String name, Object value) {
        return new Fact(name, String.valueOf(value));
    }
}
