package io.cloudsweep.engine.config;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Tuning settings as flat keys, such as {@code rules.ec2-idle.max-cpu-percent = 5}. Each component reads
 * the keys it knows with their defaults; afterwards {@link #requireNoUnknownKeys()} refuses any key nobody
 * read, listing the valid ones, so a typo fails at start-up instead of being ignored.
 *
 * <p>Not thread-safe: read it once at start-up.
 */
public final class Settings {

    private final Map<String, String> values;
    private final Set<String> knownKeys = new TreeSet<>();

    private Settings(Map<String, String> values) {
        this.values = new TreeMap<>(values);
    }

    public static Settings of(Map<String, String> values) {
        return new Settings(values);
    }

    public static Settings empty() {
        return new Settings(Map.of());
    }

    public int integer(String key, int defaultValue, int min, int max) {
        String raw = lookUp(key);
        if (raw == null) {
            return defaultValue;
        }
        try {
            int value = Integer.parseInt(raw.trim());
            if (value < min || value > max) {
                throw invalid(key, raw, "a whole number from " + min + " to " + max);
            }
            return value;
        } catch (NumberFormatException e) {
            throw invalid(key, raw, "a whole number from " + min + " to " + max);
        }
    }

    public BigDecimal decimal(String key, BigDecimal defaultValue) {
        String raw = lookUp(key);
        if (raw == null) {
            return defaultValue;
        }
        try {
            BigDecimal value = new BigDecimal(raw.trim());
            if (value.signum() < 0) {
                throw invalid(key, raw, "a number not below zero");
            }
            return value;
        } catch (NumberFormatException e) {
            throw invalid(key, raw, "a number not below zero");
        }
    }

    /** A comma-separated list; blank entries are dropped. */
    public List<String> list(String key, List<String> defaultValue) {
        String raw = lookUp(key);
        if (raw == null) {
            return defaultValue;
        }
        List<String> items = Arrays.stream(raw.split(",")).map(String::trim).filter(item -> !item.isEmpty()).toList();
        if (items.isEmpty()) {
            throw invalid(key, raw, "a comma-separated list of at least one value");
        }
        return items;
    }

    /** One of {@code allowed}. */
    public String choice(String key, String defaultValue, List<String> allowed) {
        String raw = lookUp(key);
        if (raw == null) {
            return defaultValue;
        }
        String value = raw.trim();
        if (!allowed.contains(value)) {
            throw invalid(key, raw, "one of " + String.join(", ", allowed));
        }
        return value;
    }

    /**
     * Refuses keys nobody asked for.
     *
     * @throws InvalidConfigurationException naming each unknown key and listing the valid ones
     */
    public void requireNoUnknownKeys() {
        Set<String> unknown = new HashSet<>(values.keySet());
        unknown.removeAll(knownKeys);
        if (!unknown.isEmpty()) {
            throw new InvalidConfigurationException("unknown setting" + (unknown.size() > 1 ? "s " : " ")
                    + String.join(", ", new TreeSet<>(unknown)) + "; valid settings: " + String.join(", ", knownKeys));
        }
    }

    private String lookUp(String key) {
        knownKeys.add(key);
        return values.get(key);
    }

    /** These settings with {@code overrides} over them, none read yet. */
    public Settings with(Map<String, String> overrides) {
        Map<String, String> merged = new TreeMap<>(values);
        merged.putAll(overrides);
        return new Settings(merged);
    }

    /** The keys read so far: every setting the readers know of, once they have all read theirs. */
    public Set<String> knownKeys() {
        return Set.copyOf(knownKeys);
    }

    private static InvalidConfigurationException invalid(String key, String raw, String expected) {
        String shown = raw.length() <= 60 ? raw : raw.substring(0, 59) + "…";
        return new InvalidConfigurationException("setting " + key + " = '" + shown + "' is not valid: expected " + expected);
    }
}
