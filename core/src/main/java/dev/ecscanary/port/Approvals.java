package dev.ecscanary.port;

import dev.ecscanary.spec.Weights;
import java.time.Instant;
import java.util.Optional;

/** A person's go or no-go before a step that needs approval. */
public interface Approvals {

    /** Asks for a decision; asking again for the same step must not ask twice. */
    void request(ApprovalRequest request);

    Optional<ApprovalDecision> decision(String deploymentId, int stepIndex);

    /** @param stepNumber the step as people count it, from 1 */
    record ApprovalRequest(String deploymentId, int stepIndex, int stepNumber, int stepCount, Weights weights,
                           Instant deadline) {
    }

    record ApprovalDecision(boolean approved, String by, String comment) {

        public static ApprovalDecision approve(String by) {
            return new ApprovalDecision(true, by, null);
        }

        public static ApprovalDecision reject(String by, String comment) {
            return new ApprovalDecision(false, by, comment);
        }
    }
}
