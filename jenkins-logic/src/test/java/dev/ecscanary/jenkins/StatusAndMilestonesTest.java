package dev.ecscanary.jenkins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ecscanary.spec.Weights;
import dev.ecscanary.state.DeploymentRecord;
import dev.ecscanary.state.Phase;
import dev.ecscanary.view.DeploymentView;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** A step's status in a few words (the view's headline), and where each finer step stops. */
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
        assertFalse(second.reached(at(Phase.DRAINING, 3).build(NOW)), "a drain check is driven to its end");
    }

    private static String headline(DeploymentRecord record, Instant now) {
        return DeploymentView.of(record, now).headline();
    }

    private static DeploymentRecord.Builder at(Phase phase, int step) {
        return Specs.record(Specs.valid(), NOW.minus(Duration.ofMinutes(10))).toBuilder()
                .phase(phase, NOW, null).step(step).weights(new Weights(75, 25));
    }
}
