package dev.ecscanary.jenkins;

import dev.ecscanary.aws.AwsClients;
import dev.ecscanary.port.Approvals;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import edu.umd.cs.findbugs.annotations.SuppressFBWarnings;
import hudson.AbortException;
import hudson.EnvVars;
import hudson.model.Result;
import hudson.model.Run;
import hudson.model.User;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import jenkins.model.CauseOfInterruption;
import org.jenkinsci.plugins.workflow.steps.FlowInterruptedException;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.jenkinsci.plugins.workflow.support.steps.input.Rejection;

/**
 * A driving step in Pipeline: hands start, resume, abort and status to its {@link StepLifecycle} (which
 * decides everything, free of Jenkins types) and does for it what only Jenkins can: read the step's
 * context, reach AWS as the build may, save the execution, complete the step.
 */
@SuppressFBWarnings(value = "SE_TRANSIENT_FIELD_NOT_RESTORED", justification = "read again from the context")
class CanaryExecution extends StepExecution implements StepLifecycle.Pipeline {

    private static final long serialVersionUID = 1L;

    /** Identifies this execution to callbacks that outlive a restart (see {@link StepExecution#acceptAll}). */
    final String executionId = UUID.randomUUID().toString();
    final StepLifecycle life;

    private transient volatile Run<?, ?> run;
    private transient volatile EnvVars env;

    CanaryExecution(StepContext context, StepPurpose purpose) {
        super(context);
        this.life = new StepLifecycle(purpose);
    }

    @Override
    public boolean start() {
        life.start(this);
        return false;
    }

    @Override
    public void onResume() {
        life.resume(this);
    }

    @Override
    public void stop(@NonNull Throwable cause) {
        life.stop(this, cause, userOf(cause));
    }

    @Override
    public String getStatus() {
        return life.status();
    }

    // --- what Jenkins does for the lifecycle -------------------------------------------------------

    @Override
    public StepInputs inputs() throws Exception {
        run = getContext().get(Run.class);
        env = getContext().get(EnvVars.class);
        return JenkinsInputs.of(getContext());
    }

    @Override
    public Session open(CanaryTarget target, String leaseOwner, @CheckForNull Duration lease, Approvals approvals,
                        BuildLog log) throws Exception {
        return Session.open(target, new AwsClients(AwsAccess.forRun(target, run, env)), leaseOwner, lease, approvals,
                log, CanaryDrivers.get()::newDriver);
    }

    @Override
    public Approvals approvals(Approvals ofPurpose) {
        return ofPurpose;
    }

    @Override
    public Executor pool() {
        return CanaryDrivers.get().pool();
    }

    @Override
    public DrivenStep.Drivers drivers() {
        return CanaryDrivers.get().drivers();
    }

    @Override
    public boolean terminating() {
        return CanaryDrivers.terminating();
    }

    @Override
    public void saveState() {
        getContext().saveState();
    }

    @Override
    public void stopping(Throwable cause) {
    }

    @Override
    public Throwable abortFailure(@CheckForNull Throwable cause, @CheckForNull String by) {
        if (cause != null) {
            return cause;
        }
        // Resumed after a restart: the abort's own cause is gone; say who it was only if a person.
        return new FlowInterruptedException(Result.ABORTED, true, by == null ? new AbortedBeforeRestart()
                : new CauseOfInterruption.UserInterruption(by));
    }

    @Override
    public void end(StepLifecycle.Ending ending, @CheckForNull BuildLog log) {
        Consumer<StepContext> completion = context -> complete(context, ending);
        if (!deferCompletion(completion, log)) {
            completion.accept(getContext());
        }
    }

    /** Completes a step as it ended; an expected failure as one clear line (no stack trace). */
    static void complete(StepContext context, StepLifecycle.Ending ending) {
        if (ending instanceof StepLifecycle.Ending.Failure failure) {
            Throwable error = failure.error();
            context.onFailure(StepFailure.speaksForItself(error) ? new AbortException(error.getMessage()) : error);
        } else {
            context.onSuccess(((StepLifecycle.Ending.Success) ending).value());
        }
    }

    /** Whether the step must wait before completing (canaryDeploy: its body still runs). */
    boolean deferCompletion(Consumer<StepContext> completion, @CheckForNull BuildLog log) {
        return false;
    }

    /**
     * The person who interrupted: who aborted the build, or who answered an {@code input} with Abort
     * (pipeline-input-step interrupts with its own {@link Rejection}, not a {@code UserInterruption});
     * null when no person did.
     */
    @CheckForNull
    static String userOf(Throwable cause) {
        if (cause instanceof FlowInterruptedException interrupted) {
            for (CauseOfInterruption why : interrupted.getCauses()) {
                if (why instanceof CauseOfInterruption.UserInterruption user) {
                    return user.getUserId();
                }
                User rejecter = why instanceof Rejection rejection ? rejection.getUser() : null;
                if (rejecter != null) {
                    return rejecter.getId();
                }
            }
        }
        return null;
    }

    /** Why a step resumed after a restart ends as aborted, when no person aborted it. */
    static final class AbortedBeforeRestart extends CauseOfInterruption {
        private static final long serialVersionUID = 1L;

        @Override
        public String getShortDescription() {
            return "the build was aborted before Jenkins restarted";
        }
    }
}
