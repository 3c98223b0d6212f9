package dev.ecscanary.jenkins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ecscanary.spec.Weights;
import dev.ecscanary.state.DeploymentRecord;
import dev.ecscanary.state.FailBack;
import dev.ecscanary.state.Phase;
import dev.ecscanary.view.DeploymentView;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A step's status in a few words (the view's headline), where each finer step stops, and the map canaryStatus returns. */
class StatusAndMilestonesTest {

    static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    @Test
    void aBakeSaysWhichStepAndHowLongIsLeft() {
        DeploymentRecord baking = at(Phase.BAKING, 1).waitUntil(NOW.plusSeconds(150)).build(NOW);
        assertEquals("baking step 2/4 (25% green), 3m left", headline(baking, NOW));
        DeploymentRecord settling = at(Phase.SETTLING, 1).waitUntil(NOW.plusSeconds(45)).build(NOW);
        assertEquals("waiting for the DNS TTL at step 2/4 (25% green), 45s left", headline(settling, NOW));
        DeploymentRecord holding = at(Phase.BAKING, 1).waitUntil(NOW.minusSeconds(1)).build(NOW);
        assertEquals("holding step 2/4 (25% green) until every gate passes", headline(holding, NOW));
        assertEquals("waiting for approval of step 3/4 (50% green)",
                headline(at(Phase.AWAITING_APPROVAL, 2).build(NOW), NOW));
    }

    @Test
    void milestonesAreThisFarOrFurtherButNeverAFailBackHalfWay() {
        assertTrue(Milestone.STACKS_READY.reached(at(Phase.AWAITING_GREEN, -1).build(NOW)));
        assertFalse(Milestone.STACKS_READY.reached(at(Phase.DEPLOYING_STACKS, -1).build(NOW)));
        assertTrue(Milestone.GREEN_RUNNING.reached(at(Phase.SHIFTING, 0).build(NOW)));
        assertFalse(Milestone.GREEN_RUNNING.reached(at(Phase.AWAITING_GREEN, -1).build(NOW)));

        Milestone second = Milestone.stepBaked(1, 25);
        assertFalse(second.reached(at(Phase.BAKING, 1).build(NOW)));
        assertTrue(second.reached(at(Phase.AWAITING_APPROVAL, 2).build(NOW)), "step 3 entered: step 2 baked");
        assertFalse(second.reached(at(Phase.FAILING_BACK, 2).build(NOW)), "a fail-back is driven to its end");
        assertTrue(second.reachedBy(at(Phase.PROMOTED, 3).build(NOW)));
        assertFalse(Milestone.FINISHED.reached(at(Phase.BAKING, 3).build(NOW)));
    }

    @Test
    void theStatusMapHoldsOnlyPlainValues() {
        DeploymentRecord rolledBack = at(Phase.ROLLED_BACK, 1)
                .failBack(new FailBack(FailBack.Trigger.GATE_FAILED, "gate alarms failed at step 2", NOW, 0, false))
                .weights(Weights.ALL_BLUE).build(NOW);

        Map<String, Object> status = RecordMaps.status(rolledBack, NOW);

        assertEquals("ROLLED_BACK", status.get("phase"));
        assertEquals(2, status.get("step"));
        assertEquals(4, status.get("stepCount"));
        assertEquals(100, status.get("blueWeight"));
        assertEquals("gate alarms failed at step 2", status.get("failBackReason"));
        assertEquals("25", ((Map<?, ?>) ((List<?>) status.get("steps")).get(1)).get("percent"));
        assertPlain(status);
    }

    private static void assertPlain(Object value) {
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> {
                assertTrue(k instanceof String);
                assertPlain(v);
            });
        } else if (value instanceof List<?> list) {
            list.forEach(StatusAndMilestonesTest::assertPlain);
        } else {
            assertTrue(value instanceof String || value instanceof Number || value instanceof Boolean,
                    "not a plain value: " + value + " (" + (value == null ? "null" : value.getClass()) + ")");
        }
    }

    private static String headline(DeploymentRecord record, Instant now) {
        return DeploymentView.of(record, now).headline();
    }

    private static DeploymentRecord.Builder at(Phase phase, int step) {
        return Specs.record(Specs.valid(), NOW.minus(Duration.ofMinutes(10))).toBuilder()
                .phase(phase, NOW, null).step(step).weights(new Weights(75, 25));
    }
}
