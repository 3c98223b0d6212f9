package dev.ecscanary.jenkins;

import dev.ecscanary.port.Approvals;
import dev.ecscanary.state.DeploymentRecord;
import dev.ecscanary.view.DeploymentView;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * What one driving step is for, free of Jenkins types: how it finds its deployment, how far it drives
 * it, what it approves and what it returns. Kept with the step's execution, so a step resumed after a
 * restart carries on with the same purpose; {@link StepLifecycle} runs it.
 */
abstract class StepPurpose implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Where the step stops driving, or null when {@link #prepare} works it out. */
    @CheckForNull
    abstract Milestone milestone();

    /** How long the build's claim on the deployment lasts without renewal; null for the engine's default. */
    @CheckForNull
    Duration lease() {
        return null;
    }

    /**
     * The first time only: which deployment this is and where it lives (spec steps read the spec
     * here).
     *
     * @param status where the step says what it is doing (its status in the Pipeline's views)
     */
    abstract CanaryTarget establish(Work work, Consumer<String> status) throws Exception;

    /** The first time only, with the session open: spec steps record the deployment here. */
    DeploymentRecord begin(Session session, Work work) throws Exception {
        return session.engine.load(session.deploymentId());
    }

    /** Every time (start and resume), before driving: work out the milestone, ask for a fail-back, … */
    DeploymentRecord prepare(Session session, DeploymentRecord record, Work work, StepLifecycle step) throws Exception {
        return record;
    }

    /** The approvals this step gives (asked only for steps of the spec that need one). */
    Approvals approvals(StepLifecycle step) {
        return Approvals.NONE;
    }

    /** The step's value once its milestone is reached or the deployment is promoted. */
    Object result(DeploymentRecord record) {
        return record.phase().name();
    }

    /** A rolled-back (or refused) deployment fails the step, saying which and why. */
    Object rolledBack(DeploymentRecord record) throws StepFailure {
        throw new StepFailure("canary " + record.id() + " " + DeploymentView.of(record, Instant.now()).headline());
    }
}
