package io.cloudsweep.engine.model;

import java.util.Locale;

/** How much could go wrong if a finding's action were a mistake; decides who may approve it. */
public enum Risk {
    LOW, MEDIUM, HIGH;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Risk fromId(String id) {
        for (Risk risk : values()) {
            if (risk.id().equals(id)) {
                return risk;
            }
        }
        throw new IllegalArgumentException("unknown risk '" + id + "'; valid: low, medium, high");
    }
}
