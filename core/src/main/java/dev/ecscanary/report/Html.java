package dev.ecscanary.report;

import dev.ecscanary.view.Printable;
import dev.ecscanary.spec.Durations;
import dev.ecscanary.spec.Percentages;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/** Escaping and small formatting helpers shared by the report's parts. */
final class Html {

    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter TIME_MINUTES = DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC);

    private Html() {
    }

    /**
     * Text made safe for HTML and XML, in element content and in quoted attribute values alike:
     * {@code & < > " '} become references, and control characters that XML forbids become U+FFFD
     * (records carry text from AWS and from people; none of it may become markup). Null is empty.
     */
    static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            String replacement = switch (c) {
                case '&' -> "&amp;";
                case '<' -> "&lt;";
                case '>' -> "&gt;";
                case '"' -> "&quot;";
                case '\'' -> "&#39;";
                default -> c == 0xFFFE || c == 0xFFFF ? "\uFFFD"
                        : c != '\t' && c != '\n' && c != '\r' && Printable.isUnsafe(c) ? String.format("\\u%04X", (int) c)
                        : null;
            };
            if (replacement != null && out == null) {
                out = new StringBuilder(text.length() + 16).append(text, 0, i);
            }
            if (out != null) {
                if (replacement != null) {
                    out.append(replacement);
                } else {
                    out.append(c);
                }
            }
        }
        return out == null ? text : out.toString();
    }

    static String escape(Object value) {
        return value == null ? "" : escape(String.valueOf(value));
    }

    /** {@code 2026-11-26 09:00:00 UTC}, or a dash. */
    static String dateTime(Instant at) {
        return at == null ? "\u2014" : DATE_TIME.format(at);
    }

    /** {@code 09:00:00} (UTC), or a dash. */
    static String time(Instant at) {
        return at == null ? "\u2014" : TIME.format(at);
    }

    static String timeMinutes(Instant at) {
        return TIME_MINUTES.format(at);
    }

    /** {@code 28m40s}, to the second. */
    static String duration(Duration duration) {
        return Durations.format(duration.truncatedTo(ChronoUnit.SECONDS));
    }

    /** {@code +2m40s} after {@code start}. */
    static String offset(Instant start, Instant at) {
        return "+" + duration(Duration.between(start, at));
    }

    /** {@code 180}, {@code 2.5}: a count or rate as people read it. */
    static String number(double value) {
        return value >= 10 || value == Math.rint(value) ? String.format(Locale.ROOT, "%.0f", value)
                : String.format(Locale.ROOT, "%.1f", value);
    }

    /** {@code 12.5%}. */
    static String percent(double value) {
        return Percentages.format(value) + "%";
    }

    /** An SVG coordinate: one decimal, always a dot. */
    static String num(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }

    /** A token usable in an id or class: letters, digits, '-' and '_' only. */
    static String token(String text) {
        String cleaned = text == null ? "" : text.replaceAll("[^A-Za-z0-9_-]", "-");
        return cleaned.isEmpty() ? "x" : cleaned;
    }
}
