package dev.ecscanary.port;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/** Runs a task at an instant of the host's clock (real time, or virtual time in simulations). */
public interface Scheduler {

    Cancellable schedule(Instant at, Runnable task);

    /**
     * Wall-clock scheduling on a timer (the CLI's own, or Jenkins' {@code Timer.get()}); on a
     * {@link TimeLapse}, its waits shortened to match. The task should be short: a host hands the
     * real work to its own executor.
     */
    static Scheduler of(ScheduledExecutorService timer, InstantSource clock) {
        return (at, task) -> {
            Duration wait = Duration.between(clock.instant(), at);
            long delay = Math.max(0, (clock instanceof TimeLapse lapse ? lapse.onTheWall(wait) : wait).toMillis());
            ScheduledFuture<?> future = timer.schedule(task, delay, TimeUnit.MILLISECONDS);
            return () -> future.cancel(false);
        };
    }

    interface Cancellable {
        /** @return whether the task was cancelled before it started */
        boolean cancel();
    }
}
