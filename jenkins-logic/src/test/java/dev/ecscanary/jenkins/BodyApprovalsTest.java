package dev.ecscanary.jenkins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ecscanary.jenkins.BodyApprovals.Decision;
import dev.ecscanary.port.Approvals;
import dev.ecscanary.port.Approvals.ApprovalRequest;
import dev.ecscanary.spec.Weights;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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

    @Test
    void eachRequestStartsTheBodyOnceAndItsOutcomeIsTheEnginesDecision() {
        StepLifecycle step = new StepLifecycle(new DeploymentPurpose.AwaitGreen(
                new DeploymentArgs("shop-42", "table", null, null, null)));
        List<Integer> started = new ArrayList<>();
        Approvals port = approvals.port(step, "canaryDeploy", request -> started.add(request.stepIndex()));

        port.request(request(1));
        port.request(request(1));
        assertEquals(List.of(1), started);
        assertTrue(port.decision("shop-42", 1).isEmpty(), "undecided while the body runs");

        approvals.answered(step, 1, Decision.approve("pipeline"));
        assertTrue(port.decision("shop-42", 1).orElseThrow().approved());
    }

    @Test
    void aBodyThatCannotBeStartedRejectsItsStep() {
        StepLifecycle step = new StepLifecycle(new DeploymentPurpose.AwaitGreen(
                new DeploymentArgs("shop-42", "table", null, null, null)));
        Approvals port = approvals.port(step, "canaryDeploy", request -> {
            throw new IOException("no CPS thread");
        });

        port.request(request(2));

        Approvals.ApprovalDecision decision = port.decision("shop-42", 2).orElseThrow();
        assertFalse(decision.approved());
        assertEquals("pipeline", decision.by());
        assertEquals("the canaryDeploy body could not be started: java.io.IOException: no CPS thread", decision.comment());
    }

    private static ApprovalRequest request(int stepIndex) {
        return new ApprovalRequest("shop-42", stepIndex, stepIndex + 1, 4, new Weights(50, 50), DEADLINE);
    }
}
