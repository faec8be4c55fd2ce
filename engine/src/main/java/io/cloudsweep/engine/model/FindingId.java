package io.cloudsweep.engine.model;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A stored finding's id as people see and type it: {@code F-12}. The one formatter ({@link #toString()}) and the one
 * parser ({@link #parse(String)}) of finding ids.
 */
public record FindingId(long value) {

    private static final Pattern TYPED = Pattern.compile("(?i)F-?(\\d{1,19})|(\\d{1,19})");

    public FindingId {
        if (value <= 0) {
            throw new IllegalArgumentException("a finding id is positive, not " + value);
        }
    }

    public static FindingId of(long value) {
        return new FindingId(value);
    }

    /** {@code F-12}, {@code f12} or {@code 12}; empty for anything else. */
    public static Optional<FindingId> parse(String typed) {
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
        return value > 0 ? Optional.of(new FindingId(value)) : Optional.empty();
    }

    @Override
    public String toString() {
        return "F-" + value;
    }
}
