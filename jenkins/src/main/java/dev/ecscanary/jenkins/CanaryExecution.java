package dev.ecscanary.jenkins;

import dev.ecscanary.engine.Exceptions.DeploymentConflictException;
import dev.ecscanary.engine.Exceptions.DeploymentRefusedException;
import dev.ecscanary.engine.Exceptions.UnknownDeploymentException;
import dev.ecscanary.engine.TickOutcome;
import dev.ecscanary.port.Approvals;
import dev.ecscanary.spec.InvalidSpecException;
import dev.ecscanary.state.DeploymentRecord;
import dev.ecscanary.state.Phase;
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
    private volatile String abortedBy;
    /**
     * Not persisted: a step is only resumed if it had not completed, or if its completion was
     * deferred (canaryDeploy's body still ran): then it is completed again after the restart.
     */
    private transient volatile boolean completed;

    private transient volatile Session session;
    private transient volatile DeploymentRecord lastRecord;
    private transient volatile Throwable stopCause;
    private transient volatile String note;
    private transient volatile Run<?, ?> build;
    /** A {@link #run} is under way: an abort meanwhile is its business (see {@link #stop}). */
    private transient volatile boolean running;

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

    /** A rolled-back deployment fails the step, with the reason. */
    Object rolledBack(DeploymentRecord record) throws Exception {
        throw new AbortException("canary " + record.id() + " rolled back: "
                + (record.failBack() == null ? "no reason recorded" : record.failBack().reason()));
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
        submit(() -> run(false));
        return false;
    }

    @Override
    public void onResume() {
        note = "resuming after a restart";
        submit(() -> run(true));
    }

    @Override
    public void stop(@NonNull Throwable cause) {
        stopCause = cause;
        abortedBy = userOf(cause);
        getContext().saveState();
        try {
            stopping(cause);
        } catch (RuntimeException e) {
            LOGGER.log(Level.WARNING, "while stopping " + this, e);
        }
        submit(() -> {
            if (completed) {
                return;
            }
            Session s = session;
            if (s != null) {
                abort(s);
            } else if (!running && target == null) {
                fail(cause);
            }
            // else a run is under way or queued (after a restart): it sees the abort, and fails the
            // deployment back before it ends the step
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
        return StatusText.of(record, Instant.now())
                + (until == null || until.kind() == Milestone.Kind.FINISHED ? "" : " (driving " + until.describe() + ")");
    }

    // --- the work, on the pool ---------------------------------------------------------------------

    private void submit(Runnable work) {
        try {
            CanaryDrivers.get().pool().execute(work);
        } catch (RejectedExecutionException e) {
            getContext().onFailure(e);
        }
    }

    private void run(boolean resumed) {
        if (completed) {
            return;
        }
        running = true;
        try {
            Run<?, ?> run = getContext().get(Run.class);
            TaskListener listener = getContext().get(TaskListener.class);
            EnvVars env = getContext().get(EnvVars.class);
            build = run;
            if (leaseOwner == null) {
                leaseOwner = LeaseOwner.of(run);
            }
            BuildLog log = new BuildLog(listener, leaseOwner, this::observed);
            Work work = new Work(run, listener, env, log);
            CanaryTarget known = target;
            boolean fresh = known == null;
            if (fresh) {
                if (abortRequested()) {
                    fail(abortFailure());
                    return;
                }
                known = establish(work);
                if (abortRequested()) {
                    fail(abortFailure());
                    return;
                }
            }
            Session s = Session.open(known, leaseOwner, leaseMillis == null ? null : Duration.ofMillis(leaseMillis),
                    approvals(), log, run, env);
            session = s;
            if (fresh) {
                header(log, known);
            } else if (resumed) {
                log.note(known.deploymentId(), "resumed after a restart of Jenkins: carrying on from the state table");
            }
            DeploymentRecord record = fresh ? begin(s, work) : s.engine.load(known.deploymentId());
            if (fresh) {
                target = known;
                getContext().saveState();
            }
            CanaryRunAction.attach(run, known);
            observed(record);
            if (abortRequested()) {
                abort(s);
                return;
            }
            record = prepare(s, record, work);
            observed(record);
            if (abortRequested()) {
                abort(s);
                return;
            }
            drive(s, record);
        } catch (Throwable t) {
            fail(t);
        } finally {
            running = false;
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

    private void drive(Session s, DeploymentRecord record) {
        Milestone until = milestone == null ? Milestone.FINISHED : milestone;
        String id = s.deploymentId();
        if (record.isFinished() || until.reached(record)) {
            deliver(s, record, null);
            return;
        }
        s.log.note(id, "driving " + until.describe() + "; now " + StatusText.of(record, Instant.now()));
        CanaryDrivers.get().register(id, s.driver);
        s.driver.drive(id, until::reached).whenComplete((outcome, error) -> driven(s, outcome, error));
    }

    private void driven(Session s, TickOutcome outcome, Throwable error) {
        CanaryDrivers.get().unregister(s.deploymentId(), s.driver);
        if (error != null) {
            fail(error);
            return;
        }
        DeploymentRecord record = outcome.record();
        observed(record);
        if (abortRequested() && !record.isFinished() && !(outcome instanceof TickOutcome.Stuck)) {
            // The milestone came with the abort: the fail-back is driven to its end first.
            CanaryDrivers.get().register(s.deploymentId(), s.driver);
            s.driver.drive(s.deploymentId(), Milestone.FINISHED::reached)
                    .whenComplete((next, e) -> driven(s, next, e));
            s.driver.wake(s.deploymentId());
            return;
        }
        deliver(s, record, outcome instanceof TickOutcome.Stuck stuck ? stuck.reason() : null);
    }

    private void deliver(Session s, DeploymentRecord record, @CheckForNull String stuckReason) {
        if (stuckReason != null) {
            fail(new AbortException("canary " + record.id() + " is stuck: " + stuckReason));
        } else if (abortRequested()) {
            fail(abortFailure());
        } else if (record.phase() == Phase.ROLLED_BACK) {
            try {
                succeed(rolledBack(record));
            } catch (Exception e) {
                fail(e);
            }
        } else if (record.phase() == Phase.PROMOTED || (milestone != null && milestone.reachedBy(record))) {
            s.log.note(record.id(), record.phase() == Phase.PROMOTED ? "promoted: green serves 100%"
                    : "reached: " + StatusText.of(record, Instant.now()));
            succeed(result(record));
        } else {
            fail(new IllegalStateException("canary " + record.id() + " stopped at " + record.phase()
                    + (milestone == null ? "" : ", " + milestone.describe())));
        }
    }

    /** Asks for the fail-back (the lease holder acts on it) and drives the deployment until it ends. */
    private void abort(Session s) {
        String id = s.deploymentId();
        try {
            DeploymentRecord record = s.engine.find(id).orElse(null);
            if (record == null || record.isFinished()) {
                fail(abortFailure());
                return;
            }
            String by = abortedBy == null ? DEFAULT_ABORTER : abortedBy;
            s.engine.requestAbort(id, by, "the Jenkins build " + (build == null ? "" : build.getExternalizableId() + " ")
                    + "was aborted");
            s.log.note(id, "the build was aborted by " + by + ": failing back to blue before the step ends");
            CanaryDrivers.get().register(id, s.driver);
            s.driver.drive(id, Milestone.FINISHED::reached).whenComplete((outcome, error) -> driven(s, outcome, error));
            s.driver.wake(id);
        } catch (RuntimeException e) {
            fail(e);
        }
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
        Session s = session;
        session = null;
        DeploymentRecord record = lastRecord;
        Run<?, ?> run = build;
        if (s != null) {
            CanaryDrivers.get().unregister(s.deploymentId(), s.driver);
            try {
                s.close();
            } catch (RuntimeException e) {
                LOGGER.log(Level.FINE, "closing the AWS clients of " + s.deploymentId(), e);
            }
        }
        if (run != null && record != null) {
            CanaryRunAction.saveSnapshot(run, record);
            CanaryDrivers.get().forget(record.id());
        }
        getContext().saveState();
        if (!deferCompletion(completion, s == null ? null : s.log)) {
            completion.accept(getContext());
        }
    }

    /** Expected failures as one clear line (no stack trace); anything else as it is. */
    private static Throwable explain(Throwable error) {
        if (error instanceof InvalidSpecException || error instanceof DeploymentConflictException
                || error instanceof DeploymentRefusedException || error instanceof UnknownDeploymentException
                || error instanceof IllegalArgumentException) {
            return new AbortException(error.getMessage());
        }
        return error;
    }

    private boolean abortRequested() {
        return stopCause != null || abortedBy != null;
    }

    private Throwable abortFailure() {
        Throwable cause = stopCause;
        if (cause != null) {
            return cause;
        }
        return new FlowInterruptedException(Result.ABORTED, true, new CauseOfInterruption.UserInterruption(
                abortedBy == null ? DEFAULT_ABORTER : abortedBy));
    }

    /**
     * The person who interrupted: who aborted the build, or who answered an {@code input} with Abort
     * (pipeline-input-step interrupts with its own {@link Rejection}, not a {@code UserInterruption}).
     */
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
        return DEFAULT_ABORTER;
    }

    // --- state for subclasses ----------------------------------------------------------------------

    final void observed(DeploymentRecord record) {
        lastRecord = record;
        CanaryDrivers.get().observed(record);
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
        return session;
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
