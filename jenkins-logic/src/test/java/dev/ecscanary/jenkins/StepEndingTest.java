package dev.ecscanary.jenkins;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ecscanary.spec.Weights;
import dev.ecscanary.state.DeploymentRecord;
import dev.ecscanary.state.Phase;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** How a driving step ends, as a table of named cases. */
class StepEndingTest {

    static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    static final Milestone SECOND_STEP_BAKED = Milestone.stepBaked(1, 25);

    @Test
    void aDriverThatFailsWhileJenkinsShutsDownIsSuspendedNotFailed() {
        assertEquals(StepEnding.SUSPEND, decide(null, Milestone.FINISHED, false, false, true, true));
        assertEquals(StepEnding.SUSPEND, decide(null, Milestone.FINISHED, true, false, true, true));
        assertEquals(StepEnding.FAIL_WITH_ERROR, decide(null, Milestone.FINISHED, false, false, true, false));
    }

    @Test
    void aStuckDeploymentFailsTheStepEvenWhenAborted() {
        assertEquals(StepEnding.FAIL_STUCK, decide(at(Phase.FAILING_BACK, 1), Milestone.FINISHED, true, true, false,
                false));
    }

    @Test
    void anAbortedBuildEndsOnlyOnceTheFailBackHasEnded() {
        assertEquals(StepEnding.DRIVE_FAIL_BACK_TO_END, decide(at(Phase.FAILING_BACK, 1), SECOND_STEP_BAKED, true,
                false, false, false));
        assertEquals(StepEnding.DRIVE_FAIL_BACK_TO_END, decide(at(Phase.AWAITING_APPROVAL, 2), SECOND_STEP_BAKED,
                true, false, false, false), "the milestone came with the abort");
        assertEquals(StepEnding.ABORTED, decide(at(Phase.ROLLED_BACK, 1), Milestone.FINISHED, true, false, false,
                false));
    }

    @Test
    void aRollBackIsTheStepsOwnVerdict() {
        assertEquals(StepEnding.ROLLED_BACK, decide(at(Phase.ROLLED_BACK, 1), Milestone.FINISHED, false, false, false,
                false));
    }

    @Test
    void promotedPassesEveryMilestone() {
        assertEquals(StepEnding.REACHED, decide(at(Phase.PROMOTED, 3), SECOND_STEP_BAKED, false, false, false, false));
        assertEquals(StepEnding.REACHED, decide(at(Phase.PROMOTED, 3), Milestone.FINISHED, false, false, false, false));
        assertEquals(StepEnding.REACHED, decide(at(Phase.AWAITING_APPROVAL, 2), SECOND_STEP_BAKED, false, false,
                false, false));
    }

    @Test
    void aDriverThatStopsBeforeTheMilestoneIsADefectNotASuccess() {
        assertEquals(StepEnding.STOPPED_SHORT, decide(at(Phase.BAKING, 1), SECOND_STEP_BAKED, false, false, false,
                false));
        assertEquals(StepEnding.STOPPED_SHORT, decide(null, Milestone.FINISHED, false, false, false, false));
    }

    private static StepEnding decide(DeploymentRecord record, Milestone milestone, boolean abortRequested,
                                     boolean stuck, boolean failed, boolean terminating) {
        return StepEnding.decide(record, milestone, abortRequested, stuck, failed, terminating);
    }

    private static DeploymentRecord at(Phase phase, int step) {
        return Specs.record(Specs.valid(), NOW.minus(Duration.ofMinutes(10))).toBuilder()
                .phase(phase, NOW, null).step(step).weights(new Weights(75, 25)).build(NOW);
    }
}
