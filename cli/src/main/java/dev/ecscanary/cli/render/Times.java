package dev.ecscanary.cli.render;

import dev.ecscanary.spec.Durations;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Instants and durations as people read them in a terminal or a log. */
public final class Times {

    private Times() {
    }

    /** {@code 2026-11-26T09:01:02Z}: UTC to the second, the same in every log line. */
    public static String instant(Instant at) {
        return at == null ? "-" : at.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /** {@code 41s}, {@code 4m05s}… rounded up to the second, never negative. */
    public static String remaining(Instant now, Instant until) {
        Duration left = Duration.between(now, until);
        if (left.isNegative() || left.isZero()) {
            return "0s";
        }
        long seconds = (left.toMillis() + 999) / 1000;
        return Durations.format(Duration.ofSeconds(seconds));
    }

    public static String duration(Duration duration) {
        return Durations.format(duration.truncatedTo(ChronoUnit.SECONDS));
    }
}
