package dev.ecscanary.inmemory;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicReference;

/** A clock that moves only when told to: waits in tests and simulations take no real time. */
public final class VirtualClock implements InstantSource {

    private final AtomicReference<Instant> now;

    public VirtualClock(Instant start) {
        now = new AtomicReference<>(start);
    }

    public static VirtualClock at(String isoInstant) {
        return new VirtualClock(Instant.parse(isoInstant));
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    public void advance(Duration duration) {
        now.updateAndGet(t -> t.plus(duration));
    }

    /** Moves to {@code instant} unless the clock is already past it: time never runs backwards. */
    public void advanceTo(Instant instant) {
        now.updateAndGet(t -> instant.isAfter(t) ? instant : t);
    }
}
