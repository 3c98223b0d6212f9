package dev.ecscanary.jenkins;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecscanary.jenkins.RunSummary.StepRow;
import dev.ecscanary.testing.Deployments;
import dev.ecscanary.view.DeploymentView;
import org.junit.jupiter.api.Test;

/** The build page's summary: the view's outcome, each step with its shares and approver, and the gates. */
class RunSummaryTest {

    @Test
    void aPromotionListsEveryStepDoneWithTheShareGreenReallyReceivedAndWhoApproved() {
        DeploymentView view = Deployments.viewOf(Deployments.promoted());

        RunSummary summary = new RunSummary(view);

        assertThat(summary.getDeploymentId()).isEqualTo("web-1");
        assertThat(summary.getOutcome()).isEqualTo("promoted");
        assertThat(summary.getOutcomeClass()).isEqualTo("ok");
        assertThat(summary.getFailBackReason()).isNull();
        assertThat(summary.getCurrentWeights()).isEqualTo("blue 0 / green 100 (100% green)");
        assertThat(summary.getSteps()).extracting(StepRow::getPercent).containsExactly("10%", "25%", "50%", "100%");
        assertThat(summary.getSteps()).extracting(StepRow::getState).containsOnly("done");
        assertThat(summary.getSteps()).extracting(StepRow::getApprover).containsExactly("", "", "alice", "");
        assertThat(summary.getSteps().get(0).getObserved()).isEqualTo("9.3% (targetHealth)");
        assertThat(summary.getSteps().get(1).getWeights()).isEqualTo("blue 75 / green 25");
        assertThat(summary.getGates()).extracting(RunSummary.GateRow::getVerdict).containsOnly("PASS");
    }

    @Test
    void aRollbackMarksTheFailedStepAndSaysWhy() {
        DeploymentView view = Deployments.viewOf(Deployments.rolledBackAtStepTwo());

        RunSummary summary = new RunSummary(view);

        assertThat(summary.getOutcome()).isEqualTo("rolled back");
        assertThat(summary.getOutcomeClass()).isEqualTo("bad");
        assertThat(summary.getFailBackReason()).isEqualTo(view.failBack().reason()).contains("targetHealth");
        assertThat(summary.getSteps()).extracting(StepRow::getState).containsExactly("done", "failed", "", "");
        assertThat(summary.getGates()).anySatisfy(gate -> {
            assertThat(gate.getName()).isEqualTo("targetHealth");
            assertThat(gate.getVerdict()).isEqualTo("FAIL");
            assertThat(gate.getEvidence()).contains("10.0.1.7 unhealthy");
        });
    }

    @Test
    void aDeploymentInProgressSaysWhereItIsAndGatesNotYetRunArePending() {
        DeploymentView view = Deployments.viewOf(Deployments.bakingStepTwo());

        RunSummary summary = new RunSummary(view);

        assertThat(summary.getOutcome()).isEqualTo("in progress: baking");
        assertThat(summary.getOutcomeClass()).isEqualTo("running");
        assertThat(summary.getSteps()).extracting(StepRow::getState).containsExactly("done", "baking", "", "");
        assertThat(summary.getGates()).extracting(RunSummary.GateRow::getVerdict).contains("PASS", "pending");
    }
}
