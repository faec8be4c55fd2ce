package io.cloudsweep.engine.model;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the time out of an EC2 {@code StateTransitionReason}, such as
 * {@code "User initiated (2026-09-14 10:52:31 GMT)"}: the only place DescribeInstances says when an
 * instance stopped. Pure.
 */
public final class StateTransitionReasons {

    private static final Pattern TIME_IN_PARENTHESES =
            Pattern.compile("\\((\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}) GMT\\)");
    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private StateTransitionReasons() {
    }

    /** The time in the reason text, or empty when the text carries none (AWS leaves it out for some reasons). */
    public static Optional<Instant> timeOf(String reason) {
        if (reason == null) {
            return Optional.empty();
        }
        Matcher matcher = TIME_IN_PARENTHESES.matcher(reason);
        if (!matcher.find()) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDateTime.parse(matcher.group(1), FORMAT).toInstant(ZoneOffset.UTC));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
