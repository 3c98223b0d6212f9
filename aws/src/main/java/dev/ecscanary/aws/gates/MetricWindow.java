package dev.ecscanary.aws.gates;

import dev.ecscanary.port.Gate.GateContext;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * The stretch of time a metric gate judges, in whole minutes (ALB metrics have one-minute
 * resolution): the gate's window ending now, but never reaching back before the bake began, when the
 * traffic split was another.
 *
 * <p>The start is rounded up to a minute, so no minute from before the bake is counted; the end is
 * rounded up too, so the current minute, still filling, is counted. Right after a bake began the
 * window can be empty: there is nothing to judge yet.
 */
record MetricWindow(Instant start, Instant end) {

    static MetricWindow of(GateContext context, Duration window) {
        Instant from = context.now().minus(window);
        if (context.bakeStartedAt() != null && context.bakeStartedAt().isAfter(from)) {
            from = context.bakeStartedAt();
        }
        return new MetricWindow(ceilToMinute(from), ceilToMinute(context.now()));
    }

    boolean isEmpty() {
        return !end.isAfter(start);
    }

    /** One period spanning the whole window, so CloudWatch computes each statistic over all of it. */
    int periodSeconds() {
        return (int) Duration.between(start, end).toSeconds();
    }

    /** The start of each minute of the window, in order. */
    List<Instant> minutes() {
        List<Instant> minutes = new ArrayList<>();
        for (Instant minute = start; minute.isBefore(end); minute = minute.plus(1, ChronoUnit.MINUTES)) {
            minutes.add(minute);
        }
        return minutes;
    }

    String describe() {
        return start + " to " + end;
    }

    private static Instant ceilToMinute(Instant instant) {
        Instant floor = instant.truncatedTo(ChronoUnit.MINUTES);
        return floor.equals(instant) ? floor : floor.plus(1, ChronoUnit.MINUTES);
    }
}
