package dev.ecscanary.jenkins;

import com.google.common.util.concurrent.MoreExecutors;
import dev.ecscanary.port.Approvals;
import dev.ecscanary.state.DeploymentRecord;
import dev.ecscanary.view.DeploymentView;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A driving step's life, free of Jenkins types: it starts (or resumes after a controller restart),
 * drives its deployment to its {@link StepPurpose}'s milestone without holding a thread, can be
 * aborted at any moment, and ends exactly once. Every piece of work runs on the step's lane, one task
 * at a time on the shared pool, so an abort never races a start or closes a session in use.
 *
 * <p>Only facts are kept with the build (this object is serialized with the step's execution): the
 * purpose, the {@link CanaryTarget} once the deployment is recorded, the lease owner, whether and by
 * whom the build was aborted. A resumed step opens a new {@link Session} and carries on from the
 * state table, which is the truth. The {@link Pipeline} is what Jenkins does for the step.
 */
final class StepLifecycle implements Serializable {

    private static final long serialVersionUID = 1L;
    private static final Logger LOGGER = Logger.getLogger(StepLifecycle.class.getName());
    /** Who aborted, when no person did (the build was stopped by Jenkins, a timeout, …). */
    static final String DEFAULT_ABORTER = "jenkins";

    /** What the step's Pipeline execution does for it. */
    interface Pipeline {
        /** What the step reads from its build (called on the pool, every start and resume). */
        StepInputs inputs() throws Exception;

        /** Opens the session the deployment is driven with (AWS clients as the build's credentials allow). */
        Session open(CanaryTarget target, String leaseOwner, @CheckForNull Duration lease, Approvals approvals,
                     BuildLog log) throws Exception;

        /** The approvals the step gives: canaryDeploy's body gives its own, other steps their purpose's. */
        Approvals approvals(Approvals ofPurpose);

        /** The shared pool every step's lane runs on. */
        Executor pool();

        /** Where relayed ECS events find the drivers they wake. */
        DrivenStep.Drivers drivers();

        /** Whether Jenkins is shutting down: a step that cannot go on now is resumed after the restart. */
        boolean terminating();

        /** Saves the step's execution (this object) with the build. */
        void saveState();

        /** The build is being aborted: stop whatever of the Pipeline's own the step runs (canaryDeploy's body). */
        void stopping(Throwable cause);

        /**
         * The failure an aborted step ends with.
         *
         * @param cause the abort's own cause; null once it is lost to a restart
         * @param by    the person who aborted, or null
         */
        Throwable abortFailure(@CheckForNull Throwable cause, @CheckForNull String by);

        /** Ends the step; called once. {@code log} is null when the step never opened a session. */
        void end(Ending ending, @CheckForNull BuildLog log);
    }

    /** How a step ends: with its value, or failing. */
    sealed interface Ending {
        record Success(@CheckForNull Object value) implements Ending {
        }

        record Failure(Throwable error) implements Ending {
        }
    }

    private final StepPurpose purpose;
    /** Null until the deployment is recorded in the state table. */
    private volatile CanaryTarget target;
    private volatile String leaseOwner;
    /** Set once the build is aborted: a restart during the fail-back must still end the step as aborted. */
    private volatile boolean abortRequested;
    /** Who aborted, if a person did. */
    private volatile String abortedBy;
    /**
     * Not kept: a step is only resumed if it had not completed, or if its completion was deferred
     * (canaryDeploy's body still ran): then it is completed again after the restart.
     */
    private transient volatile boolean completed;
    private transient volatile Pipeline pipeline;
    private transient volatile DrivenStep driven;
    private transient volatile DeploymentRecord lastRecord;
    private transient volatile Throwable stopCause;
    private transient volatile String status;
    private transient volatile String buildId;
    /** The build's Canary page of this deployment, once the deployment is recorded. */
    private transient volatile Consumer<DeploymentRecord> page;
    private transient volatile Executor lane;

    StepLifecycle(StepPurpose purpose) {
        this.purpose = Objects.requireNonNull(purpose, "purpose");
    }

    // --- what Jenkins calls ------------------------------------------------------------------------

    void start(Pipeline host) {
        pipeline = host;
        status = "starting";
        onLane(() -> run(false));
    }

    void resume(Pipeline host) {
        pipeline = host;
        status = "resuming after a restart";
        onLane(() -> run(true));
    }

    /**
     * The build is aborted: fails the deployment back (driving the fail-back to its end) before the
     * step ends as aborted. Decided on the lane, after whatever the step is doing.
     *
     * @param by the person who aborted, or null
     */
    void stop(Pipeline host, Throwable cause, @CheckForNull String by) {
        if (pipeline == null) {
            pipeline = host;
        }
        stopCause = cause;
        abortRequested = true;
        abortedBy = by;
        host.saveState();
        try {
            host.stopping(cause);
        } catch (RuntimeException e) {
            LOGGER.log(Level.WARNING, "while stopping " + this, e);
        }
        onLane(() -> {
            if (completed) {
                return;
            }
            DrivenStep step = driven;
            if (step != null) {
                step.abort(aborter(), abortReason());
            } else if (target == null) {
                fail(abortFailure());
            }
            // else the step is resuming after a restart: run() sees the abort and fails back first
        });
    }

    /** The step's status in the Pipeline's views. */
    String status() {
        if (completed) {
            return "done";
        }
        DeploymentRecord record = lastRecord;
        if (record == null) {
            return status;
        }
        Milestone until = purpose.milestone();
        return DeploymentView.of(record, Instant.now()).headline()
                + (until == null || until.kind() == Milestone.Kind.FINISHED ? "" : " (driving " + until.describe() + ")");
    }

    // --- the work, one task at a time on the pool --------------------------------------------------

    /** Runs {@code work} after every earlier task of this step: the step's state has one owner at a time. */
    void onLane(Runnable work) {
        Executor current = lane;
        if (current == null) {
            synchronized (this) {
                current = lane;
                if (current == null) {
                    current = MoreExecutors.newSequentialExecutor(pipeline.pool());
                    lane = current;
                }
            }
        }
        try {
            current.execute(work);
        } catch (RejectedExecutionException e) {
            if (pipeline.terminating()) {
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
        Pipeline host = pipeline;
        DrivenStep step = null;
        try {
            StepInputs in = host.inputs();
            buildId = in.buildId();
            if (leaseOwner == null) {
                leaseOwner = in.leaseOwner();
            }
            Work work = new Work(in, new BuildLog(in.console(), leaseOwner, this::observed));
            CanaryTarget known = target;
            boolean fresh = known == null;
            if (fresh) {
                if (abortRequested) {
                    fail(abortFailure());
                    return;
                }
                known = purpose.establish(work, text -> status = text);
            }
            Session s = host.open(known, leaseOwner, purpose.lease(), host.approvals(purpose.approvals(this)), work.log());
            step = new DrivenStep(s, asHost(), host.drivers());
            driven = step;
            if (fresh) {
                work.log().note(known.deploymentId(), "state table " + known.stateTable()
                        + (known.region() == null ? "" : ", region " + known.region())
                        + (known.endpointUrl() == null ? "" : ", endpoint " + known.endpointUrl())
                        + "; driving as " + leaseOwner);
                work.log().note(known.deploymentId(), in.controller().eventsNote());
            } else if (resumed) {
                work.log().note(known.deploymentId(), "resumed after a restart of Jenkins: carrying on from the state table");
            }
            if (fresh && abortRequested) {
                // Aborted while the spec was read: nothing was recorded, nothing is to be failed back.
                fail(abortFailure());
                return;
            }
            DeploymentRecord record = fresh ? purpose.begin(s, work) : s.engine.load(known.deploymentId());
            if (fresh) {
                target = known;
                host.saveState();
            }
            page = in.build().page(known);
            observed(record);
            if (abortRequested) {
                step.abort(aborter(), abortReason());
                return;
            }
            record = purpose.prepare(s, record, work, this);
            observed(record);
            Milestone until = purpose.milestone();
            step.drive(record, until == null ? Milestone.FINISHED : until);
        } catch (Throwable t) {
            if (step != null) {
                step.failOrSuspend(t);
            } else if (host.terminating()) {
                LOGGER.log(Level.FINE, "Jenkins is shutting down: " + this + " resumes after the restart", t);
            } else {
                fail(t);
            }
        }
    }

    private String aborter() {
        return abortedBy == null ? DEFAULT_ABORTER : abortedBy;
    }

    private String abortReason() {
        return "the Jenkins build " + (buildId == null ? "" : buildId + " ") + "was aborted";
    }

    private Throwable abortFailure() {
        return pipeline.abortFailure(stopCause, abortedBy);
    }

    /** This lifecycle as the host of its {@link DrivenStep}. */
    private DrivenStep.Host asHost() {
        return new DrivenStep.Host() {
            @Override
            public void onLane(Runnable work) {
                StepLifecycle.this.onLane(work);
            }

            @Override
            public void observed(DeploymentRecord record) {
                StepLifecycle.this.observed(record);
            }

            @Override
            public boolean abortRequested() {
                return abortRequested;
            }

            @Override
            public Object result(DeploymentRecord record) {
                return purpose.result(record);
            }

            @Override
            public Object rolledBack(DeploymentRecord record) throws Exception {
                return purpose.rolledBack(record);
            }

            @Override
            public Throwable abortFailure() {
                return StepLifecycle.this.abortFailure();
            }

            @Override
            public void succeed(Object value) {
                complete(new Ending.Success(value));
            }

            @Override
            public void fail(Throwable error) {
                StepLifecycle.this.fail(error);
            }

            @Override
            public void suspend(Throwable why) {
                LOGGER.log(Level.FINE, "Jenkins is shutting down: " + StepLifecycle.this + " resumes after the restart",
                        why);
                closeDriven();
            }

            @Override
            public boolean terminating() {
                return pipeline.terminating();
            }
        };
    }

    // --- the one ending ----------------------------------------------------------------------------

    private void fail(Throwable error) {
        complete(new Ending.Failure(error));
    }

    private void complete(Ending ending) {
        synchronized (this) {
            if (completed) {
                return;
            }
            completed = true;
        }
        DrivenStep step = driven;
        closeDriven();
        DeploymentRecord record = lastRecord;
        Consumer<DeploymentRecord> shown = page;
        if (shown != null && record != null) {
            shown.accept(record);
        }
        pipeline.saveState();
        pipeline.end(ending, step == null ? null : step.session().log);
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

    /** The newest record: this step's status, and the build's Canary page (saved with it when new). */
    private void observed(DeploymentRecord record) {
        lastRecord = record;
        Consumer<DeploymentRecord> shown = page;
        if (shown != null) {
            shown.accept(record);
        }
    }

    // --- for the Pipeline's own parts of the step (canaryDeploy's body) -----------------------------

    /** Saves the step with the build (its purpose changed: a milestone worked out, a fail-back asked). */
    void saveState() {
        Pipeline host = pipeline;
        if (host != null) { // else not started yet: nothing is kept with the build before the start
            host.saveState();
        }
    }

    @CheckForNull
    Session session() {
        DrivenStep step = driven;
        return step == null ? null : step.session();
    }

    @CheckForNull
    CanaryTarget target() {
        return target;
    }

    boolean isCompleted() {
        return completed;
    }

    @Override
    public String toString() {
        CanaryTarget known = target;
        return "step " + (known == null ? "(not yet recorded)" : known.deploymentId())
                + (buildId == null ? "" : " of " + buildId);
    }
}
