package dev.ecscanary.jenkins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ecscanary.jenkins.BodyApprovals.Decision;
import dev.ecscanary.port.Approvals.ApprovalRequest;
import dev.ecscanary.spec.Weights;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** canaryDeploy's body as the approval of each step: run once per step, its outcome the decision. */
class BodyApprovalsTest {

    static final Instant DEADLINE = Instant.parse("2026-03-01T13:00:00Z");

    final BodyApprovals approvals = new BodyApprovals();

    @Test
    void theBodyRunsOncePerStepHoweverOftenTheEngineAsks() {
        assertTrue(approvals.start(request(1)));
        assertFalse(approvals.start(request(1)), "asked again while the body runs");
        approvals.decided(1, Decision.approve("pipeline"));
        assertFalse(approvals.start(request(1)), "already decided");
        assertTrue(approvals.start(request(2)));
    }

    @Test
    void theFirstOutcomeOfAStepIsItsDecision() {
        assertTrue(approvals.decision(1).isEmpty());
        approvals.decided(1, Decision.reject("alice", "not today"));
        approvals.decided(1, Decision.approve("pipeline"));

        assertFalse(approvals.decision(1).orElseThrow().approved());
        assertEquals("alice", approvals.decision(1).orElseThrow().by());
        assertEquals("step 2 rejected by alice: not today",
                BodyApprovals.answered(1, Decision.reject("alice", "not today")));
    }

    @Test
    void theBodySeesTheIncrementItApproves() {
        Map<String, String> env = BodyApprovals.environment(request(2));

        assertEquals(Map.of("CANARY_DEPLOYMENT", "shop-42", "CANARY_NEXT_STEP", "3", "CANARY_STEP_COUNT", "4",
                "CANARY_NEXT_PERCENT", "50", "CANARY_NEXT_WEIGHT", "blue 50 / green 50"), env);
        assertEquals("step 3/4 (50% green) needs approval: running the canaryDeploy body (decide before "
                + DEADLINE + ")", BodyApprovals.asking(request(2), "canaryDeploy"));
    }

    private static ApprovalRequest request(int stepIndex) {
        return new ApprovalRequest("shop-42", stepIndex, stepIndex + 1, 4, new Weights(50, 50), DEADLINE);
    }
}
