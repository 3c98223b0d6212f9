package dev.ecscanary.cli.render;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecscanary.port.Approvals.ApprovalDecision;
import dev.ecscanary.spec.StepSpec;
import dev.ecscanary.spec.Steps;
import dev.ecscanary.spec.Weights;
import dev.ecscanary.state.DeploymentRecord;
import dev.ecscanary.state.Drain;
import dev.ecscanary.state.DrainResult;
import dev.ecscanary.state.Drift;
import dev.ecscanary.state.HistoryEntry;
import dev.ecscanary.state.HistoryEvent;
import dev.ecscanary.state.Lease;
import dev.ecscanary.state.Phase;
import dev.ecscanary.testing.Deployments;
import dev.ecscanary.testing.Specs;
import dev.ecscanary.view.DeploymentView;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code ecs-canary status} in words: every line is one of the view's facts. */
class StatusTextTest {

    @Test
    void aBakeShowsTheHeadlineTheWaitTheCurrentGatesAndTheWholeHistory() {
        DeploymentRecord record = Deployments.bakingStepTwo();
        Instant now = record.waitUntil().minus(Duration.ofSeconds(90));
        DeploymentView view = DeploymentView.of(record, now);

        String text = StatusText.render(view, now);

        assertThat(text).startsWith("Deployment web-4: BAKING (baking)")
                .contains("  now          " + view.headline())
                .contains("  step         2/4 (25% green)")
                .contains("  weights      " + view.weights())
                .contains("  waits until  " + Times.instant(view.waitingFor().until()) + " (in 1m30s)")
                .contains("  deadline     " + Times.instant(view.waitingFor().deadline()))
                .contains("Gates of the current bake:")
                .doesNotContain("fail-back");
        for (DeploymentView.GateView gate : view.gates()) {
            assertThat(text).containsPattern("(?m)^  " + gate.name() + " +" + gate.verdictText() + " ");
        }
        for (HistoryEntry entry : view.history()) {
            assertThat(text).contains(entry.text());
        }
    }

    @Test
    void aRollbackShowsWhyAndTheGatesOfTheLastBake() {
        DeploymentView view = Deployments.viewOf(Deployments.rolledBackAtStepTwo());

        String text = StatusText.render(view, view.updatedAt());

        assertThat(text).startsWith("Deployment web-2: ROLLED_BACK (rolled back)")
                .contains("  fail-back    GATE_FAILED: " + view.failBack().reason())
                .contains("  lease        none (finished)")
                .contains("Gates of the last bake:")
                .contains("1/2 healthy: 10.0.1.7 unhealthy (Target.ResponseCodeMismatch)")
                .doesNotContain("waits until");
    }

    @Test
    void aDeploymentHeldForDriftSaysWhatWasFoundAndWhatAPersonCanDo() {
        DeploymentRecord record = Deployments.bakingStepTwo();
        Instant now = record.updatedAt();
        Weights found = new Weights(60, 40);
        DeploymentRecord held = record.toBuilder()
                .drift(new Drift(record.weights(), found, now, now.plus(Duration.ofHours(1))))
                .record(new HistoryEntry(now, record.phase(), record.step(), found, "driver-a",
                        new HistoryEvent.Drifted(record.weights(), found, "alert")))
                .build(now);

        String text = StatusText.render(DeploymentView.of(held, now), now);

        assertThat(text).contains("  drift        blue 60 / green 40 (40% green) found instead of " + record.weights()
                        + " at " + Times.instant(now) + ", step 2 - held for a person")
                .contains("  held         until " + Times.instant(now.plus(Duration.ofHours(1)))
                        + ": restore the records to " + record.weights() + " to carry on, or run 'ecs-canary rollback "
                        + record.id() + "'")
                .contains("  now          held at step 2/4 (25% green): the records hold blue 60 / green 40");
    }

    @Test
    void theDrainCheckIsOneLineWhileItRunsAndOnceItEnded() {
        DeploymentRecord record = Deployments.bakingStepTwo();
        Instant now = record.updatedAt();
        Drain running = new Drain("blue", Phase.PROMOTED, now, Duration.ofMinutes(5), Duration.ofSeconds(60), 1, null);
        DrainResult result = new DrainResult(DrainResult.Status.DRAINED, "blue", now, 5, 0, 30_000, null,
                "blue's share of requests fell to 1% or less as soon as Route53 served the change", null, List.of());

        assertThat(StatusText.render(DeploymentView.of(record.toBuilder().drain(running).build(now), now), now))
                .contains("  drain        checking that clients left blue until "
                        + Times.instant(now.plus(Duration.ofMinutes(5))));
        assertThat(StatusText.render(DeploymentView.of(record.toBuilder().drain(running.withResult(result)).build(now),
                now), now)).contains("  drain        blue DRAINED: blue's share of requests fell to 1% or less");
    }

    @Test
    void theLeaseSaysWhoDrivesItAndWhatToDoOnceItExpired() {
        DeploymentRecord record = Deployments.bakingStepTwo();
        Instant now = record.updatedAt();
        DeploymentRecord held = record.toBuilder().lease(new Lease("ci-42", now.plusSeconds(30))).build(now);

        assertThat(StatusText.render(DeploymentView.of(held, now), now))
                .contains("  lease        held by ci-42 until " + Times.instant(now.plusSeconds(30)) + " (in 30s)");
        Instant later = now.plusSeconds(120);
        assertThat(StatusText.render(DeploymentView.of(held, later), later))
                .contains("expired at " + Times.instant(now.plusSeconds(30)) + " (was ci-42): 'ecs-canary resume web-4'"
                        + " takes over");
    }

    @Test
    void textFromPeopleCannotMoveTheCursorForgeALineOrReorderItself() {
        DeploymentRecord record = Deployments.run(Specs.canary("web-7", Steps.of(StepSpec.of(50, Specs.BAKE, true),
                StepSpec.of(100, Specs.BAKE, false))), true, world -> {
                    world.ecs.runningFrom(Deployments.GREEN, world.clock.instant());
                    world.approvals.decide("web-7", 0, new ApprovalDecision(false, "mallory\u202Eecila",
                            "no\n2026-12-01T00:00:00Z web-7 PROMOTED\u001B[2J"));
                });
        DeploymentView view = Deployments.viewOf(record);

        String text = StatusText.render(view, view.updatedAt());

        assertThat(text).doesNotContain("\u202E").doesNotContain("\u001B").contains("mallory\\u202Eecila")
                .contains("no\\u000A2026-12-01T00:00:00Z web-7 PROMOTED\\u001B[2J");
        assertThat(text.lines()).noneMatch(line -> line.startsWith("2026-12-01T00:00:00Z"));
        assertThat(OutcomeText.render(view, null)).doesNotContain("\u202E").doesNotContain("\n");
    }
}
