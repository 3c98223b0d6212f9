package dev.ecscanary.jenkins;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ecscanary.port.Gate;
import dev.ecscanary.port.Gate.GateResult;
import dev.ecscanary.port.GateFactory;
import dev.ecscanary.spec.GateSpec;
import dev.ecscanary.spec.SpecReader;
import dev.ecscanary.spec.Weights;
import dev.ecscanary.state.DeploymentRecord;
import dev.ecscanary.state.Phase;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** canaryGates: every gate once, now; a gate that cannot answer is inconclusive, never an error. */
class GateCheckTest {

    static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    @Test
    void everyGateAnswersAndOneThatCannotIsInconclusive() {
        DeploymentRecord record = baking(SpecReader.parse(Specs.VALID.replace("""
                gates:
                  - type: targetHealth
                    minHealthy: 2
                """, """
                gates:
                  - type: targetHealth
                    minHealthy: 2
                  - {type: alarms, alarms: [shop-5xx]}
                  - {type: targetHealth, name: second, minHealthy: 1}
                """), "canary.yaml", null));
        GateFactory factory = (GateSpec gate, dev.ecscanary.spec.CanarySpec spec) -> switch (gate.name()) {
            case "targetHealth" -> context -> GateResult.pass("2 healthy");
            case "alarms" -> context -> {
                throw new IllegalStateException("CloudWatch is down");
            };
            default -> (Gate) context -> null;
        };

        List<Object> results = GateCheck.evaluate(factory, record, NOW);

        assertEquals(List.of("PASS", "INCONCLUSIVE", "INCONCLUSIVE"),
                results.stream().map(r -> ((Map<?, ?>) r).get("verdict")).toList());
        assertEquals("could not evaluate: IllegalStateException: CloudWatch is down",
                ((Map<?, ?>) results.get(1)).get("evidence"));
        assertEquals("the gate gave no result", ((Map<?, ?>) results.get(2)).get("evidence"));
    }

    @Test
    void metricsAreReadFromWhenClientsSawTheCurrentWeights() {
        DeploymentRecord record = baking(Specs.valid());
        assertEquals(NOW.minus(Duration.ofMinutes(2)), GateCheck.weightsServedSince(record, NOW), "the bake's start");

        DeploymentRecord approving = record.toBuilder().phase(Phase.AWAITING_APPROVAL, NOW, null).build(NOW);
        assertEquals(NOW.minus(GateSpec.DEFAULT_WINDOW), GateCheck.weightsServedSince(approving, NOW),
                "no write of these weights is known: the default window");
    }

    private static DeploymentRecord baking(dev.ecscanary.spec.CanarySpec spec) {
        return Specs.record(spec, NOW.minus(Duration.ofMinutes(10))).toBuilder()
                .phase(Phase.BAKING, NOW.minus(Duration.ofMinutes(2)), NOW.plus(Duration.ofMinutes(3)))
                .step(1).weights(new Weights(75, 25)).build(NOW.minus(Duration.ofMinutes(2)));
    }
}
