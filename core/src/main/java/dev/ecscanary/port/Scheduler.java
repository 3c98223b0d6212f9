package dev.ecscanary.port;

import java.time.Instant;

/** Runs a task at an instant of the host's clock (real time, or virtual time in simulations). */
public interface Scheduler {

    Cancellable schedule(Instant at, Runnable task);

    interface Cancellable {
        /** @return whether the task was cancelled before it started */
        boolean cancel();
    }
}
