package dev.ecscanary.jenkins;

import dev.ecscanary.state.DeploymentRecord;
import dev.ecscanary.state.Phase;
import edu.umd.cs.findbugs.annotations.CheckForNull;

/**
 * How a driving step ends once its driver stops, decided from facts alone (no Jenkins type): the
 * deployment as persisted, where the step was to stop, whether the build was aborted, and whether
 * the driver gave up (stuck) or failed. The execution only carries the decision out.
 */
enum StepEnding {
    /** The driver failed while Jenkins shuts down: the step is resumed after the restart. */
    SUSPEND,
    /** The driver failed: the step fails with its error. */
    FAIL_WITH_ERROR,
    /** The deployment is stuck (e.g. a fail-back Route53 did not confirm): the step fails, loudly. */
    FAIL_STUCK,
    /** The build was aborted and the fail-back has not ended yet: drive it to its end first. */
    DRIVE_FAIL_BACK_TO_END,
    /** The build was aborted and the deployment ended: the step ends as aborted. */
    ABORTED,
    /** Rolled back: the step's own verdict (fails, or returns ROLLED_BACK for canaryFailBack). */
    ROLLED_BACK,
    /** Promoted, or the step's milestone reached: the step succeeds with its value. */
    REACHED,
    /** The driver stopped short of the milestone for no reason the engine gave: a defect, fail. */
    STOPPED_SHORT;

    /**
     * @param record      the deployment as the driver left it; null when the driver failed
     * @param stuck       the engine said the deployment is stuck
     * @param failed      the driver ended with an error
     * @param terminating Jenkins is shutting down
     */
    static StepEnding decide(@CheckForNull DeploymentRecord record, Milestone milestone, boolean abortRequested,
                             boolean stuck, boolean failed, boolean terminating) {
        if (failed) {
            return terminating ? SUSPEND : FAIL_WITH_ERROR;
        }
        if (stuck) {
            return FAIL_STUCK;
        }
        if (abortRequested) {
            return record == null || record.isFinished() ? ABORTED : DRIVE_FAIL_BACK_TO_END;
        }
        if (record == null) {
            return STOPPED_SHORT;
        }
        if (record.phase() == Phase.ROLLED_BACK) {
            return ROLLED_BACK;
        }
        return milestone.reachedBy(record) ? REACHED : STOPPED_SHORT;
    }
}
