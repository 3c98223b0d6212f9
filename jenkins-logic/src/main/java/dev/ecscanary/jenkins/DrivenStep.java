package dev.ecscanary.jenkins;

import dev.ecscanary.engine.DeploymentDriver;
import dev.ecscanary.engine.TickOutcome;
import dev.ecscanary.state.DeploymentRecord;
import dev.ecscanary.state.Phase;
import dev.ecscanary.view.DeploymentView;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import java.time.Instant;

/**
 * A driving step from the moment its deployment is recorded until the step ends, free of Jenkins
 * types: drives the deployment to the step's milestone, drives a fail-back to its end when the build
 * is aborted (asking for it once), and ends as {@link StepEnding} decides. Every call comes on the
 * step's lane, one at a time; the driver's end is handed back to the lane too.
 */
final class DrivenStep {

    /** What the step's host (its Pipeline execution) does for it. */
    interface Host {
        /** Runs {@code work} after every earlier task of the step. */
        void onLane(Runnable work);

        /** The deployment as last persisted (the step's status, the build's page). */
        void observed(DeploymentRecord record);

        boolean abortRequested();

        /** The step's value once its milestone is reached or the deployment is promoted. */
        Object result(DeploymentRecord record);

        /** The step's verdict on a rolled-back deployment: a value, or an exception that fails it. */
        Object rolledBack(DeploymentRecord record) throws Exception;

        /** The failure an aborted step ends with. */
        Throwable abortFailure();

        /** Ends the step; called once. */
        void succeed(Object value);

        /** Ends the step; called once. */
        void fail(Throwable error);

        /** Jenkins is shutting down: the step is resumed after the restart, so it does not end. */
        void suspend(@CheckForNull Throwable why);

        boolean terminating();
    }

    /** Where relayed ECS events find the drivers they wake. */
    interface Drivers {
        void register(String deploymentId, DeploymentDriver driver);

        void unregister(String deploymentId, DeploymentDriver driver);
    }

    private final Session session;
    private final Host host;
    private final Drivers drivers;
    private volatile boolean over;
    private boolean abortAsked;

    DrivenStep(Session session, Host host, Drivers drivers) {
        this.session = session;
        this.host = host;
        this.drivers = drivers;
    }

    Session session() {
        return session;
    }

    /** Drives until {@code until} (a finished deployment ends the step at once, without a tick). */
    void drive(DeploymentRecord record, Milestone until) {
        String id = session.deploymentId();
        if (record.isFinished() || until.reached(record)) {
            end(record, until, null, null);
            return;
        }
        session.log.note(id, "driving " + until.describe() + "; now " + DeploymentView.of(record, Instant.now()).headline());
        drivers.register(id, session.driver);
        session.driver.drive(id, until::reached).whenComplete((outcome, error) -> host.onLane(() -> {
            drivers.unregister(id, session.driver);
            if (over) {
                return;
            }
            if (error != null) {
                end(null, until, null, error);
            } else {
                host.observed(outcome.record());
                end(outcome.record(), until, outcome instanceof TickOutcome.Stuck stuck ? stuck.reason() : null, null);
            }
        }));
        session.driver.wake(id);
    }

    /** The build was aborted: asks for the fail-back (once) and drives the deployment until it ends. */
    void abort(String by, String reason) {
        if (abortAsked || over) {
            return;
        }
        abortAsked = true;
        String id = session.deploymentId();
        try {
            DeploymentRecord record = session.engine.find(id).orElse(null);
            if (record == null || record.isFinished()) {
                finish(() -> host.fail(host.abortFailure()));
                return;
            }
            session.engine.requestAbort(id, by, reason);
            session.log.note(id, "the build was aborted by " + by + ": failing back to blue before the step ends");
            drive(record, Milestone.FINISHED);
        } catch (RuntimeException e) {
            failOrSuspend(e);
        }
    }

    /** An error outside the driver (opening, recording, preparing): a failure, unless Jenkins stops. */
    void failOrSuspend(Throwable error) {
        if (host.terminating()) {
            finish(() -> host.suspend(error));
        } else {
            finish(() -> host.fail(error));
        }
    }

    /** The step ended or is suspended elsewhere: stop acting, close the session. */
    void close() {
        over = true;
        drivers.unregister(session.deploymentId(), session.driver);
        session.close();
    }

    private void end(@CheckForNull DeploymentRecord record, Milestone until, @CheckForNull String stuckReason,
                     @CheckForNull Throwable error) {
        String id = session.deploymentId();
        StepEnding ending = StepEnding.decide(record, until, host.abortRequested(), stuckReason != null,
                error != null, host.terminating());
        switch (ending) {
            case SUSPEND -> finish(() -> host.suspend(error));
            case FAIL_WITH_ERROR -> finish(() -> host.fail(error));
            case FAIL_STUCK -> finish(() -> host.fail(new StepFailure("canary " + id + " is stuck: " + stuckReason)));
            case DRIVE_FAIL_BACK_TO_END -> drive(record, Milestone.FINISHED);
            case ABORTED -> finish(() -> host.fail(host.abortFailure()));
            case ROLLED_BACK -> finish(() -> {
                Object verdict;
                try {
                    verdict = host.rolledBack(record);
                } catch (Exception e) {
                    host.fail(e);
                    return;
                }
                host.succeed(verdict);
            });
            case REACHED -> {
                session.log.note(id, record.phase() == Phase.PROMOTED ? "promoted: green serves 100%"
                        : "reached: " + DeploymentView.of(record, Instant.now()).headline());
                finish(() -> host.succeed(host.result(record)));
            }
            case STOPPED_SHORT -> finish(() -> host.fail(new IllegalStateException("canary " + id + " stopped at "
                    + (record == null ? "an unknown phase" : record.phase()) + ", " + until.describe())));
        }
    }

    private void finish(Runnable ending) {
        if (over) {
            return;
        }
        over = true;
        ending.run();
    }
}
