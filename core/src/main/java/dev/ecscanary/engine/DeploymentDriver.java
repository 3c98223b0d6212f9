package dev.ecscanary.engine;

import dev.ecscanary.port.Scheduler;
import dev.ecscanary.port.StateStore.StateStoreException;
import dev.ecscanary.state.DeploymentRecord;
import dev.ecscanary.state.TaskObservation.ServiceKey;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BiConsumer;
import java.util.function.Predicate;

/**
 * Ticks deployments until they finish, holding no thread while they wait: each wait is a task on
 * the {@link Scheduler}, each tick runs on the {@link Executor}. Events wake a deployment early.
 * One driver ticks a deployment at most once at a time; across processes the lease decides.
 */
public final class DeploymentDriver {

    private static final Duration STORE_RETRY_MAX = Duration.ofSeconds(30);

    private final CanaryEngine engine;
    private final Scheduler scheduler;
    private final Executor executor;
    private final InstantSource clock;
    private final Map<String, Run> runs = new ConcurrentHashMap<>();
    private volatile BiConsumer<String, String> onStoreTrouble = (id, message) -> { };

    public DeploymentDriver(CanaryEngine engine, Scheduler scheduler, Executor executor, InstantSource clock) {
        this.engine = Objects.requireNonNull(engine, "engine");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.executor = Objects.requireNonNull(executor, "executor");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Called with the deployment id and a message whenever the state table cannot be reached. */
    public DeploymentDriver onStoreTrouble(BiConsumer<String, String> listener) {
        this.onStoreTrouble = Objects.requireNonNull(listener);
        return this;
    }

    /**
     * Drives the deployment until it is finished (PROMOTED or ROLLED_BACK) or stuck. While another
     * driver holds it, waits for that lease to expire and takes over.
     */
    public CompletableFuture<TickOutcome> drive(String deploymentId) {
        return drive(deploymentId, record -> false);
    }

    /**
     * Drives the deployment until {@code stopWhen} holds after a tick (e.g. "green runs", "step 2
     * has baked"), or it finishes or gets stuck. The deployment then stays as persisted: a later
     * {@code drive} carries on from there.
     */
    public CompletableFuture<TickOutcome> drive(String deploymentId, Predicate<DeploymentRecord> stopWhen) {
        Run run = runs.computeIfAbsent(deploymentId, id -> new Run(id, stopWhen));
        run.tickSoon();
        return run.result;
    }

    /** Ticks the deployment now if this driver is driving it. */
    public void wake(String deploymentId) {
        Run run = runs.get(deploymentId);
        if (run != null) {
            run.tickSoon();
        }
    }

    /** Wakes every driven deployment whose green is this service (a task event arrived). */
    public void wake(ServiceKey green) {
        for (Run run : runs.values()) {
            if (green.equals(run.green)) {
                run.tickSoon();
            }
        }
    }

    /** Stops driving: no further ticks are scheduled (the deployment stays as persisted). */
    public void stop(String deploymentId) {
        Run run = runs.remove(deploymentId);
        if (run != null) {
            run.cancelScheduled();
        }
    }

    public int driving() {
        return runs.size();
    }

    private final class Run {
        private final String id;
        private final Predicate<DeploymentRecord> stopWhen;
        private final CompletableFuture<TickOutcome> result = new CompletableFuture<>();
        private volatile ServiceKey green;
        private Scheduler.Cancellable scheduled;
        private boolean ticking;
        private boolean tickAgain;
        private int storeFailures;

        Run(String id, Predicate<DeploymentRecord> stopWhen) {
            this.id = id;
            this.stopWhen = stopWhen;
        }

        void tickSoon() {
            synchronized (this) {
                if (ticking) {
                    tickAgain = true;
                    return;
                }
                ticking = true;
                cancelScheduled();
            }
            try {
                executor.execute(this::tickLoop);
            } catch (RejectedExecutionException e) {
                // The host is shutting its executor down: this run ends here, and says why.
                synchronized (this) {
                    ticking = false;
                }
                finish(null, e);
            }
        }

        synchronized void cancelScheduled() {
            if (scheduled != null) {
                scheduled.cancel();
                scheduled = null;
            }
        }

        private void tickLoop() {
            while (true) {
                Instant wakeAt = null;
                while (wakeAt == null && !result.isDone()) {
                    wakeAt = tickOnce();
                }
                synchronized (this) {
                    if (tickAgain && !result.isDone()) {
                        // Woken while ticking (an event arrived): look again now, not at wakeAt.
                        tickAgain = false;
                        continue;
                    }
                    ticking = false;
                    if (!result.isDone()) {
                        scheduled = scheduler.schedule(wakeAt, this::tickSoon);
                    }
                    return;
                }
            }
        }

        /** @return when to tick next, or null to tick again now */
        private Instant tickOnce() {
            TickOutcome outcome;
            try {
                outcome = engine.tick(id);
                storeFailures = 0;
            } catch (StateStoreException e) {
                storeFailures++;
                onStoreTrouble.accept(id, "the state table cannot be reached (attempt " + storeFailures + "): "
                        + Errors.describe(e));
                return clock.instant().plus(retryAfter(storeFailures));
            } catch (RuntimeException | Error e) {
                finish(null, e);
                return clock.instant();
            }
            if (outcome.record().spec().green() != null) {
                green = ServiceKey.of(outcome.record().spec().green().cluster(), outcome.record().spec().green().service());
            }
            if (outcome instanceof TickOutcome.Finished || outcome instanceof TickOutcome.Stuck
                    || stopWhen.test(outcome.record())) {
                finish(outcome, null);
                return clock.instant();
            }
            if (outcome instanceof TickOutcome.Waiting waiting) {
                return waiting.until().isAfter(clock.instant()) ? waiting.until() : null;
            }
            if (outcome instanceof TickOutcome.Held held) {
                return held.lease().expiresAt();
            }
            return null;
        }

        private void finish(TickOutcome outcome, Throwable error) {
            runs.remove(id, this);
            if (error != null) {
                result.completeExceptionally(error);
            } else {
                result.complete(outcome);
            }
        }

        private Duration retryAfter(int failures) {
            Duration wait = Duration.ofSeconds(1L << Math.min(failures - 1, 5));
            return wait.compareTo(STORE_RETRY_MAX) > 0 ? STORE_RETRY_MAX : wait;
        }
    }
}
