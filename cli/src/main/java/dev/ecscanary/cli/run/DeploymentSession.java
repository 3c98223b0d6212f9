package dev.ecscanary.cli.run;

import dev.ecscanary.cli.progress.ProgressView;
import dev.ecscanary.engine.CanaryEngine;
import dev.ecscanary.engine.DeploymentDriver;
import dev.ecscanary.engine.TickOutcome;
import dev.ecscanary.port.StateStore;
import dev.ecscanary.state.DeploymentRecord;
import dev.ecscanary.state.Lease;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Drives one deployment to its end in this process, and makes an interruption (Ctrl-C, SIGTERM from
 * a cancelled CI job) fail back instead of leaving traffic half shifted: the shutdown hook asks for
 * the abort, waits a bounded time for the fail-back, ends the command, and exits with its code.
 */
final class DeploymentSession {

    static final Duration WATCH_INTERVAL = Duration.ofSeconds(2);

    private final CanaryEngine engine;
    private final DeploymentDriver driver;
    private final StateStore store;
    private final ProgressView view;
    private final RunnerSettings settings;
    private final ScheduledExecutorService timer;

    DeploymentSession(CanaryEngine engine, DeploymentDriver driver, StateStore store, ProgressView view,
                      RunnerSettings settings, ScheduledExecutorService timer) {
        this.engine = engine;
        this.driver = driver;
        this.store = store;
        this.view = view;
        this.settings = settings;
        this.timer = timer;
    }

    TickOutcome drive(String deploymentId, SessionEnding ending) {
        CompletableFuture<TickOutcome> result = driver.drive(deploymentId);
        LeaseWatcher watcher = new LeaseWatcher(deploymentId, store, settings.driverId(), view, settings.clock(),
                () -> driver.wake(deploymentId));
        ScheduledFuture<?> watching = timer.scheduleWithFixedDelay(watcher, 0, WATCH_INTERVAL.toMillis(),
                TimeUnit.MILLISECONDS);
        Thread hook = new Thread(() -> interrupted(deploymentId, result, ending), "ecs-canary-interrupt");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            return await(result);
        } finally {
            watcher.stop();
            watching.cancel(false);
            if (!removed(hook)) {
                // The process is shutting down and the hook ends the command; it halts the JVM.
                parkForever();
            }
        }
    }

    /** The shutdown hook: fail back if this process drives the deployment, then end the command. */
    private void interrupted(String deploymentId, CompletableFuture<TickOutcome> result, SessionEnding ending) {
        if (!result.isDone()) {
            requestAbortIfDrivenHere(deploymentId);
        }
        TickOutcome outcome = awaitAtMost(result, settings.abortWait());
        int code = ending.end(outcome);
        // Exit with the deployment's code (3 once rolled back) rather than the signal's 130/143.
        Runtime.getRuntime().halt(code);
    }

    private void requestAbortIfDrivenHere(String deploymentId) {
        try {
            Optional<DeploymentRecord> record = store.load(deploymentId);
            Lease lease = record.map(DeploymentRecord::lease).orElse(null);
            if (lease != null && !lease.isHeldBy(settings.driverId()) && lease.isValidAt(settings.clock().instant())) {
                view.note(deploymentId, "interrupted: stopped waiting; " + lease.owner() + " still drives it");
                return;
            }
            view.note(deploymentId, "interrupted: failing back (waiting up to "
                    + settings.abortWait().toSeconds() + "s for blue 100 / green 0)");
            engine.requestAbort(deploymentId, settings.person(), "interrupted (Ctrl-C or SIGTERM) while "
                    + settings.driverId() + " was driving it");
            driver.wake(deploymentId);
        } catch (RuntimeException e) {
            view.note(deploymentId, "interrupted, and could not ask for the fail-back: " + e.getMessage());
        }
    }

    private static TickOutcome await(CompletableFuture<TickOutcome> result) {
        try {
            return result.join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(cause.getMessage(), cause);
        }
    }

    private static TickOutcome awaitAtMost(CompletableFuture<TickOutcome> result, Duration wait) {
        try {
            return result.get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static boolean removed(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
            return true;
        } catch (IllegalStateException shutdownInProgress) {
            return false;
        }
    }

    private static void parkForever() {
        while (true) {
            try {
                Thread.sleep(Long.MAX_VALUE);
            } catch (InterruptedException e) {
                // keep waiting: the shutdown hook halts the process
            }
        }
    }
}
