package dev.ecscanary.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ecscanary.inmemory.SimulatedWorld;
import dev.ecscanary.port.Gate.GateResult;
import dev.ecscanary.state.DeploymentRecord;
import dev.ecscanary.state.Phase;
import dev.ecscanary.state.RecordJson;
import dev.ecscanary.state.TaskObservation.ServiceKey;
import dev.ecscanary.testing.Specs;
import dev.ecscanary.testing.Stepper;
import org.junit.jupiter.api.Test;

class RecordJsonTest {

    @Test
    void aRecordInEveryPhaseReadsBackEqual() {
        SimulatedWorld world = SimulatedWorld.builder().build();
        world.ecs.runningFrom(new ServiceKey("shop", "shop-green"), world.clock.instant());
        world.gates.script("alarms", c -> c.weights().green() >= 50 ? GateResult.fail("5xx alarm in ALARM")
                : GateResult.pass("OK").withObservedGreenPercent(9.7));
        CanaryEngine engine = world.engine("driver-a");
        engine.start(Specs.canary("web-1"));

        for (Phase phase : new Phase[] {Phase.PENDING, Phase.AWAITING_GREEN, Phase.BAKING, Phase.FAILING_BACK,
            Phase.ROLLED_BACK}) {
            DeploymentRecord record = Stepper.tickUntil(engine, world.clock, "web-1", r -> r.phase() == phase);
            assertThat(RecordJson.read(RecordJson.write(record))).isEqualTo(record);
        }
    }

    @Test
    void somethingElseIsRefusedWithTheReason() {
        assertThatThrownBy(() -> RecordJson.read("{\"id\": 5, \"nonsense\": true}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("not a deployment record");
    }
}
