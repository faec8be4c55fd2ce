package io.cloudsweep.engine.model;

import java.util.Locale;

/** How strong a finding's evidence is: high when the facts are direct, lower when they are inferred. */
public enum Confidence {
    LOW, MEDIUM, HIGH;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Confidence fromId(String id) {
        return valueOf(id.toUpperCase(Locale.ROOT));
    }
}
