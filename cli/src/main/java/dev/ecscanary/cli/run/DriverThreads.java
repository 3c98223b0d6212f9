package dev.ecscanary.cli.run;

import dev.ecscanary.engine.CanaryEngine;
import dev.ecscanary.engine.DeploymentDriver;
import dev.ecscanary.port.Scheduler;
import java.time.InstantSource;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads a command drives deployments with: one timer thread that only hands ticks over, and
 * two that tick (an event or an approval can wake a deployment while another tick runs). Daemon
 * threads: they never keep the process alive on their own.
 */
final class DriverThreads implements AutoCloseable {

    static final int TICK_THREADS = 2;

    private final ScheduledExecutorService timer =
            Executors.newSingleThreadScheduledExecutor(daemon("ecs-canary-timer"));
    private final ExecutorService ticks = Executors.newFixedThreadPool(TICK_THREADS, daemon("ecs-canary-tick"));

    DeploymentDriver driver(CanaryEngine engine, InstantSource clock) {
        return new DeploymentDriver(engine, Scheduler.of(timer, clock), ticks, clock);
    }

    ScheduledExecutorService timer() {
        return timer;
    }

    @Override
    public void close() {
        timer.shutdownNow();
        ticks.shutdownNow();
    }

    static ThreadFactory daemon(String name) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
