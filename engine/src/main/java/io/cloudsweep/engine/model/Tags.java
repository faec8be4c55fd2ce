package io.cloudsweep.engine.model;

import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** A resource's tags, ordered by key. Keys are case-sensitive, as in AWS. */
public record Tags(Map<String, String> values) {

    public static final Tags NONE = new Tags(Map.of());

    public Tags {
        values = Collections.unmodifiableMap(new TreeMap<>(values));
    }

    public static Tags of(String... keysAndValues) {
        if (keysAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("tags come in key, value pairs");
        }
        Map<String, String> map = new TreeMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return new Tags(map);
    }

    public Optional<String> get(String key) {
        return Optional.ofNullable(values.get(key));
    }

    /** Whether the tag {@code key} has {@code value}, ignoring case in the value. */
    public boolean hasValue(String key, String value) {
        return get(key).map(v -> v.trim().equalsIgnoreCase(value)).orElse(false);
    }

    /** The {@code Name} tag, which the console shows as the resource's name. */
    public Optional<String> name() {
        return get("Name");
    }
}
