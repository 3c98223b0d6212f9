package dev.ecscanary.jenkins;

import edu.umd.cs.findbugs.annotations.NonNull;
import edu.umd.cs.findbugs.annotations.SuppressFBWarnings;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;

/**
 * A step that does one short, blocking piece of work (read a deployment, read a spec) on the shared
 * pool, never on the CPS VM thread, and ends with its value. After a restart the work is simply done
 * again; while Jenkins stops it is left for then. It ends once, whichever comes first: its value or
 * an abort.
 */
@SuppressFBWarnings(value = "SE_TRANSIENT_FIELD_NOT_RESTORED", justification = "redone by onResume")
abstract class PoolExecution extends StepExecution {

    private static final long serialVersionUID = 1L;

    private transient volatile Future<?> task;
    private final AtomicBoolean completed = new AtomicBoolean();

    PoolExecution(StepContext context) {
        super(context);
    }

    /** The work, on the pool: the step's value (plain Strings, Numbers, Lists and Maps). */
    abstract Object compute() throws Exception;

    @Override
    public boolean start() {
        submit();
        return false;
    }

    @Override
    public void onResume() {
        submit();
    }

    @Override
    public void stop(@NonNull Throwable cause) {
        Future<?> running = task;
        if (running != null) {
            running.cancel(true);
        }
        complete(context -> context.onFailure(cause));
    }

    private void submit() {
        try {
            task = CanaryDrivers.get().pool().submit(this::run);
        } catch (RejectedExecutionException e) {
            if (!CanaryDrivers.terminating()) {
                complete(context -> context.onFailure(e));
            }
        }
    }

    private void run() {
        try {
            Object value = compute();
            complete(context -> context.onSuccess(value));
        } catch (Throwable t) {
            if (!CanaryDrivers.terminating()) {
                complete(context -> context.onFailure(CanaryExecution.explain(t)));
            }
        }
    }

    private void complete(Consumer<StepContext> completion) {
        if (completed.compareAndSet(false, true)) {
            completion.accept(getContext());
        }
    }
}
