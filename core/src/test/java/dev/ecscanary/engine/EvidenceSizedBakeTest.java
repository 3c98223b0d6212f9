package dev.ecscanary.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecscanary.inmemory.SimulatedWorld;
import dev.ecscanary.port.Gate.GateResult;
import dev.ecscanary.spec.Bake;
import dev.ecscanary.spec.StepSpec;
import dev.ecscanary.spec.Steps;
import dev.ecscanary.state.DeploymentRecord;
import dev.ecscanary.state.FailBack.Trigger;
import dev.ecscanary.state.HistoryEntry;
import dev.ecscanary.state.HistoryEvent.BakeStarted;
import dev.ecscanary.state.HistoryEvent.StepEntered;
import dev.ecscanary.state.Phase;
import dev.ecscanary.state.TaskObservation.ServiceKey;
import dev.ecscanary.testing.Specs;
import dev.ecscanary.testing.Stepper;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * {@code bake: {min: 5m, max: 30m}}: the step passes at the first evaluation after five minutes in
 * which every gate passes, and fails back when its gates are still undecided thirty minutes in.
 */
class EvidenceSizedBakeTest {

    final SimulatedWorld world = SimulatedWorld.builder().build();
    final CanaryEngine engine = world.engine("driver-a");

    EvidenceSizedBakeTest() {
        world.ecs.runningFrom(new ServiceKey("shop", "shop-green"), world.clock.instant());
        engine.start(Specs.canary("web-1", Steps.of(
                new StepSpec(25.0, new Bake(Duration.ofMinutes(5), Duration.ofMinutes(30)), false),
                StepSpec.of(100, Duration.ZERO, false))));
    }

    @Test
    void theStepPassesAsSoonAsTheEvidenceSufficesAfterItsMinimum() {
        world.gates.script("alarms", context -> context.stepNumber() == 1
                && context.now().isBefore(context.bakeStartedAt().plusSeconds(12 * 60))
                ? GateResult.inconclusive("too few requests yet") : GateResult.pass("enough evidence"));

        DeploymentRecord done = Stepper.tickToEnd(engine, world.clock, "web-1").record();

        assertThat(done.phase()).isEqualTo(Phase.PROMOTED);
        Duration baked = Duration.between(at(done, BakeStarted.class, 1), at(done, StepEntered.class, 2));
        assertThat(baked).isBetween(Duration.ofMinutes(12), Duration.ofMinutes(13));
    }

    @Test
    void aStepStillUndecidedAtItsMaximumFailsBack() {
        world.gates.script("alarms", context -> context.stepNumber() == 1 ? GateResult.inconclusive("too few requests yet")
                : GateResult.pass("fine"));

        DeploymentRecord done = Stepper.tickToEnd(engine, world.clock, "web-1").record();

        assertThat(done.phase()).isEqualTo(Phase.ROLLED_BACK);
        assertThat(done.failBack().trigger()).isEqualTo(Trigger.TIMEOUT);
        assertThat(done.failBack().reason()).isEqualTo("gates still not passing within the longest bake of step 1 (30m)");
        assertThat(Duration.between(at(done, BakeStarted.class, 1), done.failBack().since()))
                .isEqualTo(Duration.ofMinutes(30));
    }

    @Test
    void aPassBeforeTheMinimumWaitsForIt() {
        DeploymentRecord done = Stepper.tickToEnd(engine, world.clock, "web-1").record();

        Duration baked = Duration.between(at(done, BakeStarted.class, 1), at(done, StepEntered.class, 2));
        assertThat(baked).isEqualTo(Duration.ofMinutes(5));
    }

    static Instant at(DeploymentRecord record, Class<?> event, int stepNumber) {
        return record.history().stream().filter(e -> event.isInstance(e.event()))
                .filter(e -> e.event() instanceof BakeStarted b ? b.stepNumber() == stepNumber
                        : ((StepEntered) e.event()).stepNumber() == stepNumber)
                .map(HistoryEntry::at).findFirst().orElseThrow();
    }
}
