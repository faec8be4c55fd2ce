package io.cloudsweep.engine.rules;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** Small helpers for the day counts rules compare with their thresholds. Pure. */
final class Days {

    private Days() {
    }

    /** Whole days from {@code since} to {@code now}; negative when {@code since} is in the future. */
    static long between(Instant since, Instant now) {
        return Duration.between(since, now).toDays();
    }

    /** The UTC day of an instant, as reports show it. */
    static LocalDate dayOf(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC).toLocalDate();
    }

    /** Reads a tag value holding an ISO date ({@code 2026-10-01}) or instant ({@code 2026-10-01T12:00:00Z}). */
    static Optional<Instant> parseTagTime(String value) {
        String text = value.trim();
        try {
            return Optional.of(Instant.parse(text));
        } catch (DateTimeParseException notAnInstant) {
            try {
                return Optional.of(LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant());
            } catch (DateTimeParseException notADate) {
                return Optional.empty();
            }
        }
    }

    /** "1 day" or "12 days". */
    static String count(long days) {
        return days == 1 ? "1 day" : days + " days";
    }
}
