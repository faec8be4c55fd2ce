package io.cloudsweep.engine.chat;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * When scheduled scans run: {@code daily HH:MM [timezone]}, {@code weekly DAY HH:MM [timezone]}, or a Quartz cron
 * expression (6 or 7 fields) with an optional timezone, UTC when none is given. Held as a Quartz-style cron expression
 * and an IANA zone; the scheduler checks the expression again when it takes it.
 *
 * @param cron  seconds, minutes, hours, day of month, month, day of week [, year]
 * @param zone  an IANA timezone, such as {@code Europe/Berlin}
 * @param words the schedule as a person typed it
 */
public record ScanSchedule(String cron, String zone, String words) {

    private static final Pattern TIME = Pattern.compile("([01]?\\d|2[0-3]):([0-5]\\d)");
    private static final Pattern CRON_FIELD = Pattern.compile("[0-9A-Za-z*?/,#L W-]+");
    private static final List<String> DAYS = List.of("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday");
    public static final String FORMS = "daily HH:MM [timezone], weekly DAY HH:MM [timezone], or a Quartz cron expression"
            + " (6 or 7 fields) [timezone], e.g. daily 06:00 Europe/Berlin";

    public ScanSchedule {
        Objects.requireNonNull(cron, "cron");
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(words, "words");
    }

    /**
     * The schedule {@code words} describe.
     *
     * @throws IllegalArgumentException saying what is valid, for a malformed schedule or an unknown timezone
     */
    public static ScanSchedule parse(List<String> words) {
        if (words.isEmpty()) {
            throw new IllegalArgumentException("schedule scan takes " + FORMS);
        }
        String kind = words.get(0).toLowerCase(Locale.ROOT);
        String typed = String.join(" ", words);
        if (kind.equals("daily")) {
            if (words.size() < 2 || words.size() > 3) {
                throw new IllegalArgumentException("schedule scan daily HH:MM [timezone], e.g. daily 06:00 Europe/Berlin");
            }
            Matcher time = time(words.get(1));
            return new ScanSchedule("0 " + Integer.parseInt(time.group(2)) + " " + Integer.parseInt(time.group(1)) + " * * ?",
                    zone(words, 2), typed);
        }
        if (kind.equals("weekly")) {
            if (words.size() < 3 || words.size() > 4) {
                throw new IllegalArgumentException("schedule scan weekly DAY HH:MM [timezone], e.g. weekly mon 06:00 Europe/Berlin");
            }
            String day = words.get(1).toLowerCase(Locale.ROOT);
            // mon, tues, wednesday ...: three letters or more of a day's name; Quartz takes its first three
            String quartzDay = DAYS.stream().filter(name -> day.length() >= 3 && name.startsWith(day)).findFirst()
                    .map(name -> name.substring(0, 3).toUpperCase(Locale.ROOT))
                    .orElseThrow(() -> new IllegalArgumentException("'" + words.get(1) + "' is not a day: mon, tue, wed, thu, fri, sat or sun"));
            Matcher time = time(words.get(2));
            return new ScanSchedule("0 " + Integer.parseInt(time.group(2)) + " " + Integer.parseInt(time.group(1)) + " ? * " + quartzDay,
                    zone(words, 3), typed);
        }
        int fields = words.size();
        boolean zoned = fields == 7 && words.get(6).contains("/") || fields == 8;
        int cronFields = zoned ? fields - 1 : fields;
        if (cronFields < 6 || cronFields > 7 || words.subList(0, cronFields).stream().anyMatch(field -> !CRON_FIELD.matcher(field).matches())) {
            throw new IllegalArgumentException("'" + typed + "' is not a schedule: " + FORMS);
        }
        return new ScanSchedule(String.join(" ", words.subList(0, cronFields)).toUpperCase(Locale.ROOT), zone(words, cronFields), typed);
    }

    /** The same time of day on the 1st of each month: the monthly report of a weekly digest. */
    public String monthlyCron() {
        String[] fields = cron.split(" ");
        return fields[0] + " " + fields[1] + " " + fields[2] + " 1 * ?";
    }

    private static Matcher time(String word) {
        Matcher time = TIME.matcher(word);
        if (!time.matches()) {
            throw new IllegalArgumentException("'" + word + "' is not a time of day: HH:MM, 00:00 to 23:59");
        }
        return time;
    }

    private static String zone(List<String> words, int at) {
        if (words.size() <= at) {
            return "UTC";
        }
        String name = words.get(at);
        try {
            if (!name.contains("/") && !name.equalsIgnoreCase("UTC")) {
                throw new DateTimeException(name);
            }
            return ZoneId.of(name).getId();
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("'" + name + "' is not a timezone: use an IANA name such as Europe/Berlin,"
                    + " America/New_York or UTC");
        }
    }
}
