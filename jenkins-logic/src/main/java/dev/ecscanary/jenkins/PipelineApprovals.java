package dev.ecscanary.jenkins;

import dev.ecscanary.port.Approvals;
import java.util.Optional;
import java.util.function.IntSupplier;

/**
 * The approvals of the finer steps: a step that drives a deployment through step {@code n}
 * ({@code canaryShift}) approves steps up to {@code n} and no further, in the name of "pipeline" (the
 * person's decision was the Pipeline's own {@code input}). Steps that stop before any approval approve
 * none: they use {@link Approvals#NONE}.
 */
final class PipelineApprovals implements Approvals {

    static final String BY = "pipeline";

    private final IntSupplier approvedThrough;

    /** @param approvedThrough the index of the last step approved, -1 for none */
    PipelineApprovals(IntSupplier approvedThrough) {
        this.approvedThrough = approvedThrough;
    }

    @Override
    public void request(ApprovalRequest request) {
        // Nothing to ask: the Pipeline decides by calling canaryShift for the step.
    }

    @Override
    public Optional<ApprovalDecision> decision(String deploymentId, int stepIndex) {
        return stepIndex <= approvedThrough.getAsInt() ? Optional.of(ApprovalDecision.approve(BY)) : Optional.empty();
    }
}
