package dev.ecscanary.view;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecscanary.engine.CanaryEngine;
import dev.ecscanary.inmemory.SimulatedWorld;
import dev.ecscanary.port.Approvals.ApprovalDecision;
import dev.ecscanary.port.Gate.GateResult;
import dev.ecscanary.spec.StepSpec;
import dev.ecscanary.spec.Steps;
import dev.ecscanary.spec.Weights;
import dev.ecscanary.state.DeploymentRecord;
import dev.ecscanary.state.FailBack.Trigger;
import dev.ecscanary.state.Phase;
import dev.ecscanary.state.TaskObservation.ServiceKey;
import dev.ecscanary.state.Verdict;
import dev.ecscanary.testing.Specs;
import dev.ecscanary.testing.Stepper;
import dev.ecscanary.view.DeploymentView.ApprovalView.Decision;
import dev.ecscanary.view.DeploymentView.Outcome;
import dev.ecscanary.view.DeploymentView.StepOutcome;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** One view of a deployment, from its record alone: what every screen shows. */
class DeploymentViewTest {

    static final ServiceKey GREEN = new ServiceKey("shop", "shop-green");

    final SimulatedWorld world = SimulatedWorld.builder().manualApprovals().build();
    final CanaryEngine engine = world.engine("driver-a");

    @Test
    void aBakeSaysWhichStepAndHowLongIsLeftAndWhatItWaitsFor() {
        world.ecs.runningFrom(GREEN, world.clock.instant());
        engine.start(Specs.canary("web-1"));
        DeploymentRecord baking = Stepper.tickUntil(engine, world.clock, "web-1", r -> r.phase() == Phase.BAKING
                && r.step() == 1);
        Instant now = baking.waitUntil().minus(Duration.ofSeconds(150));

        DeploymentView view = DeploymentView.of(baking, now);

        assertThat(view.headline()).isEqualTo("baking step 2/4 (25% green), 3m left");
        assertThat(view.outcome()).isEqualTo(Outcome.IN_PROGRESS);
        assertThat(view.stepNumber()).isEqualTo(2);
        assertThat(view.stepPercent()).isEqualTo(25.0);
        assertThat(view.waitingFor().until()).isEqualTo(baking.waitUntil());
        assertThat(view.waitingFor().deadline()).isEqualTo(baking.deadline());
        assertThat(view.steps()).extracting(DeploymentView.StepView::outcome).containsExactly(StepOutcome.PASSED,
                StepOutcome.IN_PROGRESS, StepOutcome.NOT_REACHED, StepOutcome.NOT_REACHED);
        assertThat(view.steps().get(0).evidence()).isNotEmpty().allSatisfy(e -> assertThat(e.verdict())
                .isEqualTo(Verdict.PASS));
        assertThat(view.steps().get(1).evidenceSoFar()).isTrue();
        assertThat(DeploymentView.of(baking, baking.waitUntil()).headline())
                .isEqualTo("holding step 2/4 (25% green) until every gate passes");
    }

    @Test
    void approvalsAndARejectionAreReadFromTheHistoryAsData() {
        world.ecs.runningFrom(GREEN, world.clock.instant());
        engine.start(Specs.canary("web-2", Steps.of(StepSpec.of(25, Specs.BAKE, false), StepSpec.of(50, Specs.BAKE, true),
                StepSpec.of(100, Specs.BAKE, true))));
        world.approvals.decide("web-2", 1, ApprovalDecision.approve("alice"));
        world.approvals.decide("web-2", 2, ApprovalDecision.reject("bob", "latency looks off"));

        DeploymentRecord done = Stepper.tickToEnd(engine, world.clock, "web-2").record();
        DeploymentView view = DeploymentView.of(done, done.updatedAt());

        assertThat(view.outcome()).isEqualTo(Outcome.ROLLED_BACK);
        assertThat(view.steps().get(1).approval().decision()).isEqualTo(Decision.APPROVED);
        assertThat(view.steps().get(1).approval().by()).isEqualTo("alice");
        assertThat(view.steps().get(2).approval().decision()).isEqualTo(Decision.REJECTED);
        assertThat(view.steps().get(2).approval().by()).isEqualTo("bob");
        assertThat(view.steps().get(2).approval().comments()).containsExactly("latency looks off");
        assertThat(view.steps().get(2).outcome()).isEqualTo(StepOutcome.FAILED);
        assertThat(view.failBack().trigger()).isEqualTo(Trigger.REJECTED);
        assertThat(view.failBack().stepNumber()).isEqualTo(3);
        assertThat(view.failBack().by()).isEqualTo("bob");
        assertThat(view.waitingFor()).isNull();
        assertThat(view.headline()).isEqualTo("rolled back: step 3 rejected by bob");
    }

    @Test
    void aGateThatFailsIsTheStepsOutcomeWithItsNumbers() {
        world.ecs.runningFrom(GREEN, world.clock.instant());
        world.gates.script("targetHealth", context -> context.weights().green() >= 25
                ? GateResult.fail("1 of 2 targets not healthy").measured("healthy", 1).limit("minHealthy", 2)
                : GateResult.pass("all 2 targets healthy"));
        engine.start(Specs.canary("web-3"));

        DeploymentRecord done = Stepper.tickToEnd(engine, world.clock, "web-3").record();
        DeploymentView view = DeploymentView.of(done, done.updatedAt());

        assertThat(view.steps().get(1).outcome()).isEqualTo(StepOutcome.FAILED);
        assertThat(view.steps().get(1).outcomeNote()).isEqualTo("gate failed: gate targetHealth failed at step 2");
        assertThat(view.steps().get(1).evidence()).anySatisfy(e -> {
            assertThat(e.gate()).isEqualTo("targetHealth");
            assertThat(e.verdict()).isEqualTo(Verdict.FAIL);
            assertThat(e.measured()).containsEntry("healthy", 1.0);
            assertThat(e.limits()).containsEntry("minHealthy", 2.0);
        });
        assertThat(view.weights()).isEqualTo(Weights.ALL_BLUE);
    }

    @Test
    void aDeploymentWaitingForADecisionSaysSinceWhenAndUntilWhen() {
        world.ecs.runningFrom(GREEN, world.clock.instant());
        engine.start(Specs.canary("web-4", Steps.of(StepSpec.of(50, Specs.BAKE, true), StepSpec.of(100, Specs.BAKE,
                false))));
        DeploymentRecord waiting = Stepper.tickUntil(engine, world.clock, "web-4",
                r -> r.phase() == Phase.AWAITING_APPROVAL);

        DeploymentView view = DeploymentView.of(waiting, waiting.phaseStartedAt());

        assertThat(view.headline()).isEqualTo("waiting for approval of step 1/2 (50% green)");
        assertThat(view.waitingFor().what()).isEqualTo("a decision");
        assertThat(view.waitingFor().deadline()).isEqualTo(waiting.deadline());
        assertThat(view.steps().get(0).approval().decision()).isEqualTo(Decision.WAITING);
        assertThat(view.steps().get(0).approval().at()).isEqualTo(waiting.phaseStartedAt());
    }
}
