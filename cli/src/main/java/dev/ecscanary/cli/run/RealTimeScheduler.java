package dev.ecscanary.cli.run;

import dev.ecscanary.port.Scheduler;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/** The engine's {@link Scheduler} in wall-clock time, on one small timer thread. */
final class RealTimeScheduler implements Scheduler {

    private final ScheduledExecutorService timer;
    private final InstantSource clock;

    RealTimeScheduler(ScheduledExecutorService timer, InstantSource clock) {
        this.timer = timer;
        this.clock = clock;
    }

    @Override
    public Cancellable schedule(Instant at, Runnable task) {
        long delay = Math.max(0, Duration.between(clock.instant(), at).toMillis());
        ScheduledFuture<?> future = timer.schedule(task, delay, TimeUnit.MILLISECONDS);
        return () -> future.cancel(false);
    }
}
