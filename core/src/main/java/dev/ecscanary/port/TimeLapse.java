package dev.ecscanary.port;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/**
 * A clock that runs {@code speed} times faster than the wall's, from the moment it was made: the
 * demo shows minutes of bakes, metrics and drain checks in seconds. {@link Scheduler#of} shortens
 * its waits to match. Nothing outside a demo should use one.
 */
public final class TimeLapse implements InstantSource {

    private final InstantSource wall;
    private final Instant start;
    private final long speed;

    public TimeLapse(InstantSource wall, long speed) {
        if (speed < 1) {
            throw new IllegalArgumentException("speed must be at least 1, was " + speed);
        }
        this.wall = wall;
        this.start = wall.instant();
        this.speed = speed;
    }

    @Override
    public Instant instant() {
        return start.plus(Duration.between(start, wall.instant()).multipliedBy(speed));
    }

    public long speed() {
        return speed;
    }

    /** How long a wait of {@code lapsed} on this clock takes on the wall's. */
    public Duration onTheWall(Duration lapsed) {
        return lapsed.dividedBy(speed);
    }
}
