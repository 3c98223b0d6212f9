package dev.ecscanary.jenkins;

import com.google.common.util.concurrent.MoreExecutors;
import dev.ecscanary.aws.AwsClients;
import dev.ecscanary.engine.Exceptions.DeploymentConflictException;
import dev.ecscanary.engine.Exceptions.DeploymentRefusedException;
import dev.ecscanary.engine.Exceptions.UnknownDeploymentException;
import dev.ecscanary.port.Approvals;
import dev.ecscanary.spec.InvalidSpecException;
import dev.ecscanary.state.DeploymentRecord;
import dev.ecscanary.view.DeploymentView;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import edu.umd.cs.findbugs.annotations.SuppressFBWarnings;
import hudson.AbortException;
import hudson.EnvVars;
import hudson.model.Result;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.model.User;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import jenkins.model.CauseOfInterruption;
import org.jenkinsci.plugins.workflow.steps.FlowInterruptedException;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.jenkinsci.plugins.workflow.support.steps.input.Rejection;

/**
 * A step that drives a deployment to a {@link Milestone} without holding a thread: the engine ticks on
 * the shared pool, waits are Timer tasks, and nothing here blocks the CPS VM thread ({@link #start}
 * and {@link #onResume} only hand work to the pool). Only facts are persisted with the build (the
 * {@link CanaryTarget}, the lease owner, the milestone, who aborted); after a controller restart
 * {@link #onResume} opens a new {@link Session} and carries on from the state table, which is the
 * truth. Aborting the build ({@link #stop}) fails the deployment back before the step ends.
 */
@SuppressFBWarnings(value = "SE_TRANSIENT_FIELD_NOT_RESTORED", justification = "rebuilt by onResume")
abstract class CanaryExecution extends StepExecution {

    private static final long serialVersionUID = 1L;
    private static final Logger LOGGER = Logger.getLogger(CanaryExecution.class.getName());
    static final String DEFAULT_ABORTER = "jenkins";

    /** Identifies this execution to callbacks that outlive a restart (see {@link StepExecution#acceptAll}). */
    final String executionId = UUID.randomUUID().toString();
    /** Null until the deployment is recorded in the state table. */
    private volatile CanaryTarget target;
    private volatile String leaseOwner;
    private final Long leaseMillis;
    private volatile Milestone milestone;
    /** Set once the build is aborted: a restart during the fail-back must still end the step as aborted. */
    private volatile boolean abortRequested;
    /** Who aborted, if a person did. */
    private volatile String abortedBy;
    /**
     * Not persisted: a step is only resumed if it had not completed, or if its completion was
     * deferred (canaryDeploy's body still ran): then it is completed again after the restart.
     */
    private transient volatile boolean completed;

    private transient volatile DrivenStep driven;
    private transient volatile DeploymentRecord lastRecord;
    private transient volatile Throwable stopCause;
    private transient volatile String note;
    private transient volatile Run<?, ?> build;
    /** The build's Canary page of this deployment, once the deployment is recorded. */
    private transient volatile CanaryRunAction page;
    /** Runs this step's work one task at a time (see {@link #onLane}). */
    private transient volatile Executor lane;

    CanaryExecution(StepContext context, @CheckForNull Duration lease, @CheckForNull Milestone milestone) {
        super(context);
        this.leaseMillis = lease == null ? null : lease.toMillis();
        this.milestone = milestone;
    }

    // --- what each step does -----------------------------------------------------------------------

    /**
     * The first time only: finds out which deployment this is and where it lives (spec steps read
     * the spec here). Runs on the pool.
     */
    abstract CanaryTarget establish(Work work) throws Exception;

    /**
     * The first time only, with the session open: spec steps record the deployment here. The default
     * loads it (steps by deployment id).
     */
    DeploymentRecord begin(Session s, Work work) throws Exception {
        return s.engine.load(s.deploymentId());
    }

    /** Every time (start and resume), before driving: work out the milestone, ask for a fail-back, … */
    DeploymentRecord prepare(Session s, DeploymentRecord record, Work work) throws Exception {
        return record;
    }

    /** The approvals this step gives (asked only for steps that need one). */
    abstract Approvals approvals();

    /** The step's return value once its milestone is reached or the deployment is promoted. */
    abstract Object result(DeploymentRecord record);

    /** A rolled-back (or refused) deployment fails the step, saying which and why. */
    Object rolledBack(DeploymentRecord record) throws Exception {
        throw new AbortException("canary " + record.id() + " " + DeploymentView.of(record, Instant.now()).headline());
    }

    /**
     * Whether the step must wait before completing (canaryDeploy: its body still runs).
     *
     * @param log the build's log, or null when the step never got as far as opening a session
     */
    boolean deferCompletion(Consumer<StepContext> completion, @CheckForNull BuildLog log) {
        return false;
    }

    /** Called by {@link #stop} before the fail-back is asked for (canaryDeploy: cancel its body). */
    void stopping(Throwable cause) {
    }

    // --- lifecycle ---------------------------------------------------------------------------------

    @Override
    public boolean start() {
        note = "starting";
        onLane(() -> run(false));
        return false;
    }

    @Override
    public void onResume() {
        note = "resuming after a restart";
        onLane(() -> run(true));
    }

    @Override
    public void stop(@NonNull Throwable cause) {
        stopCause = cause;
        abortRequested = true;
        abortedBy = userOf(cause);
        getContext().saveState();
        try {
            stopping(cause);
        } catch (RuntimeException e) {
            LOGGER.log(Level.WARNING, "while stopping " + this, e);
        }
        // After whatever the lane is doing (a start, a tick's completion): one place decides.
        onLane(() -> {
            if (completed) {
                return;
            }
            DrivenStep step = driven;
            if (step != null) {
                step.abort(abortedBy == null ? DEFAULT_ABORTER : abortedBy, abortReason());
            } else if (target == null) {
                fail(abortFailure());
            }
            // else the step is resuming after a restart: run() sees the abort and fails back first
        });
    }

    @Override
    public String getStatus() {
        if (completed) {
            return "done";
        }
        DeploymentRecord record = lastRecord;
        Milestone until = milestone;
        if (record == null) {
            return note;
        }
        return DeploymentView.of(record, Instant.now()).headline()
                + (until == null || until.kind() == Milestone.Kind.FINISHED ? "" : " (driving " + until.describe() + ")");
    }

    // --- the work, one task at a time on the pool --------------------------------------------------

    /**
     * Runs {@code work} after every earlier task of this step (start, abort, the driver's end): the
     * step's state has one owner at a time, so an abort never races a start or closes a session in use.
     */
    private void onLane(Runnable work) {
        Executor current = lane;
        if (current == null) {
            synchronized (this) {
                current = lane;
                if (current == null) {
                    current = MoreExecutors.newSequentialExecutor(CanaryDrivers.get().pool());
                    lane = current;
                }
            }
        }
        try {
            current.execute(work);
        } catch (RejectedExecutionException e) {
            if (CanaryDrivers.terminating()) {
                LOGGER.log(Level.FINE, "Jenkins is shutting down: " + this + " resumes after the restart", e);
            } else {
                fail(e);
            }
        }
    }

    private void run(boolean resumed) {
        if (completed) {
            return;
        }
        DrivenStep step = null;
        try {
            Run<?, ?> run = getContext().get(Run.class);
            TaskListener listener = getContext().get(TaskListener.class);
            EnvVars env = getContext().get(EnvVars.class);
            build = run;
            if (leaseOwner == null) {
                leaseOwner = LeaseOwner.of(run);
            }
            BuildLog log = new BuildLog(listener.getLogger(), leaseOwner, this::observed);
            Work work = new Work(run, listener, env, log);
            CanaryTarget known = target;
            boolean fresh = known == null;
            if (fresh) {
                if (abortRequested) {
                    fail(abortFailure());
                    return;
                }
                known = establish(work);
            }
            Session s = Session.open(known, new AwsClients(AwsAccess.forRun(known, run, env)), leaseOwner,
                    leaseMillis == null ? null : Duration.ofMillis(leaseMillis), approvals(), log,
                    CanaryDrivers.get()::newDriver);
            step = new DrivenStep(s, host(), CanaryDrivers.get());
            driven = step;
            if (fresh) {
                header(log, known);
            } else if (resumed) {
                log.note(known.deploymentId(), "resumed after a restart of Jenkins: carrying on from the state table");
            }
            if (fresh && abortRequested) {
                // Aborted while the spec was read: nothing was recorded, nothing is to be failed back.
                fail(abortFailure());
                return;
            }
            DeploymentRecord record = fresh ? begin(s, work) : s.engine.load(known.deploymentId());
            if (fresh) {
                target = known;
                getContext().saveState();
            }
            page = CanaryRunAction.attach(run, known);
            observed(record);
            if (abortRequested) {
                step.abort(abortedBy == null ? DEFAULT_ABORTER : abortedBy, abortReason());
                return;
            }
            record = prepare(s, record, work);
            observed(record);
            step.drive(record, milestone == null ? Milestone.FINISHED : milestone);
        } catch (Throwable t) {
            if (step != null) {
                step.failOrSuspend(t);
            } else if (CanaryDrivers.terminating()) {
                LOGGER.log(Level.FINE, "Jenkins is shutting down: " + this + " resumes after the restart", t);
            } else {
                fail(t);
            }
        }
    }

    private void header(BuildLog log, CanaryTarget t) {
        log.note(t.deploymentId(), "state table " + t.stateTable() + (t.region() == null ? "" : ", region " + t.region())
                + (t.endpointUrl() == null ? "" : ", endpoint " + t.endpointUrl()) + "; driving as " + leaseOwner);
        String events = EcsEventsEndpoint.absoluteUrl();
        log.note(t.deploymentId(), "ECS task events: " + (events == null
                ? "set Jenkins' URL (Manage Jenkins > System) to see the event endpoint, <Jenkins URL>"
                        + EcsEventsEndpoint.URL_NAME + "/"
                : "EventBridge delivers them to " + events) + " (cfn/relay.yaml EndpointUrl)"
                + (CanaryConfiguration.get().getEventSecretCredentialsId() == null
                        ? "; no event secret is configured, so green is found by polling ECS" : ""));
    }

    private String abortReason() {
        return "the Jenkins build " + (build == null ? "" : build.getExternalizableId() + " ") + "was aborted";
    }

    /** This execution as the host of its {@link DrivenStep}. */
    private DrivenStep.Host host() {
        return new DrivenStep.Host() {
            @Override
            public void onLane(Runnable work) {
                CanaryExecution.this.onLane(work);
            }

            @Override
            public void observed(DeploymentRecord record) {
                CanaryExecution.this.observed(record);
            }

            @Override
            public boolean abortRequested() {
                return abortRequested;
            }

            @Override
            public Object result(DeploymentRecord record) {
                return CanaryExecution.this.result(record);
            }

            @Override
            public Object rolledBack(DeploymentRecord record) throws Exception {
                return CanaryExecution.this.rolledBack(record);
            }

            @Override
            public Throwable abortFailure() {
                return CanaryExecution.this.abortFailure();
            }

            @Override
            public void succeed(Object value) {
                CanaryExecution.this.succeed(value);
            }

            @Override
            public void fail(Throwable error) {
                CanaryExecution.this.fail(error);
            }

            @Override
            public void suspend(Throwable why) {
                LOGGER.log(Level.FINE, "Jenkins is shutting down: " + CanaryExecution.this
                        + " resumes after the restart", why);
                closeDriven();
            }

            @Override
            public boolean terminating() {
                return CanaryDrivers.terminating();
            }
        };
    }

    // --- completion --------------------------------------------------------------------------------

    final void succeed(Object value) {
        complete(context -> context.onSuccess(value));
    }

    final void fail(Throwable error) {
        complete(context -> context.onFailure(explain(error)));
    }

    private void complete(Consumer<StepContext> completion) {
        synchronized (this) {
            if (completed) {
                return;
            }
            completed = true;
        }
        DrivenStep step = driven;
        closeDriven();
        DeploymentRecord record = lastRecord;
        CanaryRunAction action = page;
        if (action != null && record != null) {
            action.update(record);
        }
        getContext().saveState();
        if (!deferCompletion(completion, step == null ? null : step.session().log)) {
            completion.accept(getContext());
        }
    }

    private void closeDriven() {
        DrivenStep step = driven;
        driven = null;
        if (step != null) {
            try {
                step.close();
            } catch (RuntimeException e) {
                LOGGER.log(Level.FINE, "closing the AWS clients of " + step.session().deploymentId(), e);
            }
        }
    }

    /** Expected failures as one clear line (no stack trace); anything else as it is. */
    static Throwable explain(Throwable error) {
        if (error instanceof InvalidSpecException || error instanceof DeploymentConflictException
                || error instanceof DeploymentRefusedException || error instanceof UnknownDeploymentException
                || error instanceof IllegalArgumentException || error instanceof StepFailure) {
            return new AbortException(error.getMessage());
        }
        return error;
    }

    private Throwable abortFailure() {
        Throwable cause = stopCause;
        if (cause != null) {
            return cause;
        }
        // Resumed after a restart: the abort's own cause is gone; say who it was only if a person.
        return new FlowInterruptedException(Result.ABORTED, true, abortedBy == null ? new AbortedBeforeRestart()
                : new CauseOfInterruption.UserInterruption(abortedBy));
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

    // --- state for subclasses ----------------------------------------------------------------------

    /** The newest record: this step's status, and the build's Canary page (saved with it when new). */
    final void observed(DeploymentRecord record) {
        lastRecord = record;
        CanaryRunAction action = page;
        if (action != null) {
            action.update(record);
        }
    }

    final void setMilestone(Milestone value) {
        milestone = value;
        getContext().saveState();
    }

    final Milestone milestone() {
        return milestone;
    }

    @CheckForNull
    final Session session() {
        DrivenStep step = driven;
        return step == null ? null : step.session();
    }

    @CheckForNull
    final CanaryTarget target() {
        return target;
    }

    final boolean isCompleted() {
        return completed;
    }

    final void note(String text) {
        note = text;
    }

    /** What a step needs from its context, fetched on the pool (never on the CPS VM thread). */
    static final class Work {
        final Run<?, ?> run;
        final TaskListener listener;
        final EnvVars env;
        final BuildLog log;

        Work(Run<?, ?> run, TaskListener listener, EnvVars env, BuildLog log) {
            this.run = run;
            this.listener = listener;
            this.env = env;
            this.log = log;
        }

        String env(String name) {
            return env == null ? null : env.get(name);
        }
    }
}
