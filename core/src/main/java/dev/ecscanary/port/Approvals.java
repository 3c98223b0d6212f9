package dev.ecscanary.port;

import dev.ecscanary.spec.Weights;
import java.time.Instant;
import java.util.Optional;

/** A person's go or no-go before a step that needs approval. */
public interface Approvals {

    /** Decides nothing: a step that needs approval waits (until its timeout), e.g. while only failing back. */
    Approvals NONE = automatic(null);

    /**
     * Approves every step at once in the name of {@code by} (the command line's {@code --approve auto});
     * with a null {@code by}, decides nothing, as {@link #NONE}.
     */
    static Approvals automatic(String by) {
        Optional<ApprovalDecision> decision = by == null ? Optional.empty() : Optional.of(ApprovalDecision.approve(by));
        return new Approvals() {
            @Override
            public void request(ApprovalRequest request) {
                // Nobody to ask: the decision is already made.
            }

            @Override
            public Optional<ApprovalDecision> decision(String deploymentId, int stepIndex) {
                return decision;
            }
        };
    }

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
