package dev.ecscanary.spec;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as people write them in a spec: {@code 90s}, {@code 5m}, {@code 1h30m}, {@code 250ms},
 * a bare number of seconds, or ISO-8601 ({@code PT5M}).
 */
public final class Durations {

    private static final Pattern HUMAN = Pattern.compile("(?:(\\d+)d)?(?:(\\d+)h)?(?:(\\d+)m(?!s))?(?:(\\d+)s)?(?:(\\d+)ms)?");
    private static final Pattern SECONDS = Pattern.compile("\\d+");

    private Durations() {
    }

    public static Duration parse(String text) {
        try {
            return parseExactly(text);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("'" + text + "' is too long to be a duration");
        }
    }

    private static Duration parseExactly(String text) {
        String value = text == null ? "" : text.trim();
        if (value.isEmpty()) {
            throw new IllegalArgumentException("a duration is required, e.g. 30s, 5m or 1h30m");
        }
        if (SECONDS.matcher(value).matches()) {
            return Duration.ofSeconds(Long.parseLong(value));
        }
        if (value.startsWith("P") || value.startsWith("p")) {
            try {
                return Duration.parse(value);
            } catch (DateTimeParseException e) {
                if (e.getCause() instanceof ArithmeticException tooLong) {
                    throw tooLong;
                }
                throw invalid(text);
            }
        }
        Matcher m = HUMAN.matcher(value);
        if (!m.matches()) {
            throw invalid(text);
        }
        return Duration.ofDays(group(m, 1)).plusHours(group(m, 2)).plusMinutes(group(m, 3))
                .plusSeconds(group(m, 4)).plusMillis(group(m, 5));
    }

    private static long group(Matcher m, int index) {
        return m.group(index) == null ? 0 : Long.parseLong(m.group(index));
    }

    private static IllegalArgumentException invalid(String text) {
        return new IllegalArgumentException(
                "'" + text + "' is not a duration: write e.g. 30s, 5m, 1h30m or PT5M");
    }

    /** The shortest human form: {@code 1h30m}, {@code 45s}, {@code 0s}. */
    public static String format(Duration duration) {
        if (duration.isNegative()) {
            return "-" + format(duration.negated());
        }
        StringBuilder out = new StringBuilder();
        long days = duration.toDays();
        if (days > 0) {
            out.append(days).append('d');
        }
        append(out, duration.toHoursPart(), "h");
        append(out, duration.toMinutesPart(), "m");
        append(out, duration.toSecondsPart(), "s");
        append(out, duration.toMillisPart(), "ms");
        return out.length() == 0 ? "0s" : out.toString();
    }

    private static void append(StringBuilder out, long amount, String unit) {
        if (amount > 0) {
            out.append(amount).append(unit);
        }
    }
}
