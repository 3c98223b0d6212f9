package dev.ecscanary.jenkins;

import dev.ecscanary.spec.Percentages;
import dev.ecscanary.state.DeploymentRecord;
import dev.ecscanary.state.Phase;
import java.io.Serializable;
import java.util.EnumSet;
import java.util.Set;

/**
 * Where a step stops driving a deployment (it stays as persisted; a later step carries on). Each
 * milestone means "this far or further": a step that finds its deployment already past it ends at
 * once, without ticking (a tick could act: shift the next step). A fail-back is always driven to its
 * end, whatever the milestone.
 */
final class Milestone implements Serializable {

    private static final long serialVersionUID = 1L;

    private static final Set<Phase> PAST_STACKS = EnumSet.of(Phase.AWAITING_GREEN, Phase.GREEN_RUNNING,
            Phase.AWAITING_APPROVAL, Phase.SHIFTING, Phase.SETTLING, Phase.BAKING, Phase.PROMOTED);
    private static final Set<Phase> GREEN_RUNS = EnumSet.of(Phase.GREEN_RUNNING, Phase.AWAITING_APPROVAL,
            Phase.SHIFTING, Phase.SETTLING, Phase.BAKING, Phase.PROMOTED);

    enum Kind {
        /** PROMOTED or ROLLED_BACK. */
        FINISHED,
        /** The stacks are applied: green is awaited (or later). */
        STACKS_READY,
        /** Green runs (or later). */
        GREEN_RUNNING,
        /** The step at {@code stepIndex} has baked: a later step is entered, or PROMOTED. */
        STEP_BAKED
    }

    static final Milestone FINISHED = new Milestone(Kind.FINISHED, -1, 0);
    static final Milestone STACKS_READY = new Milestone(Kind.STACKS_READY, -1, 0);
    static final Milestone GREEN_RUNNING = new Milestone(Kind.GREEN_RUNNING, -1, 0);

    private final Kind kind;
    private final int stepIndex;
    private final double percent;

    private Milestone(Kind kind, int stepIndex, double percent) {
        this.kind = kind;
        this.stepIndex = stepIndex;
        this.percent = percent;
    }

    static Milestone stepBaked(int stepIndex, double percent) {
        return new Milestone(Kind.STEP_BAKED, stepIndex, percent);
    }

    Kind kind() {
        return kind;
    }

    /** The index of the step this milestone is about; -1 unless {@link Kind#STEP_BAKED}. */
    int stepIndex() {
        return stepIndex;
    }

    /**
     * Whether the deployment is this far (finished deployments are the driver's business). A
     * fail-back, and a drain check (the outcome decided, its end not yet), are driven to their end.
     */
    boolean reached(DeploymentRecord record) {
        if (record.phase() == Phase.FAILING_BACK || record.phase() == Phase.DRAINING || record.isFinished()) {
            return false;
        }
        return switch (kind) {
            case FINISHED -> false;
            case STACKS_READY -> PAST_STACKS.contains(record.phase());
            case GREEN_RUNNING -> GREEN_RUNS.contains(record.phase());
            case STEP_BAKED -> record.step() > stepIndex;
        };
    }

    /** Whether a finished deployment got here: PROMOTED passed every milestone. */
    boolean reachedBy(DeploymentRecord record) {
        return record.phase() == Phase.PROMOTED || reached(record);
    }

    String describe() {
        return switch (kind) {
            case FINISHED -> "until the deployment ends";
            case STACKS_READY -> "until the stacks are ready";
            case GREEN_RUNNING -> "until green runs";
            case STEP_BAKED -> "until step " + (stepIndex + 1) + " (" + Percentages.format(percent)
                    + "% green) has baked";
        };
    }

    @Override
    public String toString() {
        return describe();
    }
}
