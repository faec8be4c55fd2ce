package io.cloudsweep.engine.model;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A cleanup's id as people see and type it: {@code C-3}. The one formatter ({@link #toString()}) and the one parser
 * ({@link #parse(String)}) of cleanup ids.
 */
public record CleanupId(long value) {

    private static final Pattern TYPED = Pattern.compile("(?i)C-?(\\d{1,19})|(\\d{1,19})");

    public CleanupId {
        if (value <= 0) {
            throw new IllegalArgumentException("a cleanup id is positive, not " + value);
        }
    }

    public static CleanupId of(long value) {
        return new CleanupId(value);
    }

    /** {@code C-3}, {@code c3} or {@code 3}; empty for anything else. */
    public static Optional<CleanupId> parse(String typed) {
        Matcher matcher = TYPED.matcher(typed == null ? "" : typed.trim());
        if (!matcher.matches()) {
            return Optional.empty();
        }
        long value;
        try {
            value = Long.parseLong(matcher.group(1) != null ? matcher.group(1) : matcher.group(2));
        } catch (NumberFormatException e) {
            // past the largest id there is
            return Optional.empty();
        }
        return value > 0 ? Optional.of(new CleanupId(value)) : Optional.empty();
    }

    @Override
    public String toString() {
        return "C-" + value;
    }
}
