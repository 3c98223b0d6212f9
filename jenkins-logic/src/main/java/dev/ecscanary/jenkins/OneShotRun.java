package dev.ecscanary.jenkins;

import java.io.Serializable;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A one-shot step's run, free of Jenkins types: its {@link OneShotWork} on the shared pool (never on
 * the CPS VM thread), ended once, with its value or its abort, whichever comes first. While Jenkins
 * stops, a run that cannot be queued or fails is left for the restart, which simply does it again.
 */
final class OneShotRun implements Serializable {

    private static final long serialVersionUID = 1L;

    /** What the step's Pipeline execution does for it. */
    interface Host {
        ExecutorService pool();

        boolean terminating();

        /** The work, as the build may reach AWS. */
        Object compute(OneShotWork work) throws Exception;

        /** Ends the step; called once. */
        void end(StepLifecycle.Ending ending);
    }

    private final OneShotWork work;
    private final AtomicBoolean completed = new AtomicBoolean();
    private transient volatile Future<?> task;

    OneShotRun(OneShotWork work) {
        this.work = Objects.requireNonNull(work, "work");
    }

    String status() {
        return work.describe();
    }

    /** At the start, and again after a restart. */
    void submit(Host host) {
        try {
            task = host.pool().submit(() -> run(host));
        } catch (RejectedExecutionException e) {
            if (!host.terminating()) {
                complete(host, new StepLifecycle.Ending.Failure(e));
            }
        }
    }

    /** The build is aborted: the work is interrupted and the step ends with the abort's cause. */
    void stop(Host host, Throwable cause) {
        Future<?> running = task;
        if (running != null) {
            running.cancel(true);
        }
        complete(host, new StepLifecycle.Ending.Failure(cause));
    }

    private void run(Host host) {
        try {
            Object value = host.compute(work);
            complete(host, new StepLifecycle.Ending.Success(value));
        } catch (Throwable t) {
            if (!host.terminating()) {
                complete(host, new StepLifecycle.Ending.Failure(t));
            }
        }
    }

    private void complete(Host host, StepLifecycle.Ending ending) {
        if (completed.compareAndSet(false, true)) {
            host.end(ending);
        }
    }
}
