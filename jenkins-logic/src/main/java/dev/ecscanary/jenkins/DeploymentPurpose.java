package dev.ecscanary.jenkins;

import dev.ecscanary.port.Approvals;
import dev.ecscanary.spec.Percentages;
import dev.ecscanary.spec.StepSpec;
import dev.ecscanary.state.DeploymentRecord;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * The finer steps that drive a deployment found by id ({@code canaryAwaitGreen}, {@code canaryShift},
 * {@code canaryFailBack}). Where it lives: the step's arguments, else this build's page of it, else
 * the controller's defaults and the step's environment.
 */
abstract class DeploymentPurpose extends StepPurpose {

    private static final long serialVersionUID = 1L;

    final DeploymentArgs args;

    DeploymentPurpose(DeploymentArgs args) {
        this.args = Objects.requireNonNull(args, "args");
    }

    @Override
    CanaryTarget establish(Work work, Consumer<String> status) {
        status.accept("looking up deployment " + args.deployment);
        return args.resolve(work.in());
    }

    /** {@code canaryAwaitGreen}: until green's tasks run. */
    static final class AwaitGreen extends DeploymentPurpose {
        private static final long serialVersionUID = 1L;

        AwaitGreen(DeploymentArgs args) {
            super(args);
        }

        @Override
        Milestone milestone() {
            return Milestone.GREEN_RUNNING;
        }
    }

    /**
     * {@code canaryShift}: until the step with that green percentage has baked; the call is the
     * approval of that step and every earlier one, in the name of "pipeline".
     */
    static final class Shift extends DeploymentPurpose {
        private static final long serialVersionUID = 1L;

        private final double percent;
        private volatile Milestone milestone;

        Shift(DeploymentArgs args, double percent) {
            super(args);
            this.percent = percent;
        }

        @Override
        Milestone milestone() {
            return milestone;
        }

        @Override
        DeploymentRecord prepare(Session session, DeploymentRecord record, Work work, StepLifecycle step)
                throws StepFailure {
            if (milestone == null) {
                milestone = Milestone.stepBaked(indexOf(record, percent), percent);
                step.saveState();
            }
            return record;
        }

        @Override
        Approvals approvals(StepLifecycle step) {
            return new PipelineApprovals(() -> milestone == null ? -1 : milestone.stepIndex());
        }

        /** @throws StepFailure listing the steps, when none shifts to {@code percent} */
        static int indexOf(DeploymentRecord record, double percent) throws StepFailure {
            List<StepSpec> steps = record.steps();
            for (int i = 0; i < steps.size(); i++) {
                StepSpec step = steps.get(i);
                if (step != null && step.percent() != null && Math.abs(step.percent() - percent) < 1e-9) {
                    return i;
                }
            }
            throw new StepFailure("no step of deployment " + record.id() + " shifts to " + Percentages.format(percent)
                    + "% green; its steps are " + steps.stream()
                            .map(s -> s == null || s.percent() == null ? "?" : Percentages.format(s.percent()) + "%")
                            .collect(Collectors.joining(", ")));
        }
    }

    /**
     * {@code canaryFailBack}: asks whoever drives the deployment to put blue back to 100 % (once, in
     * the name of the build's user or "pipeline") and waits until it is done; returns ROLLED_BACK.
     */
    static final class FailBack extends DeploymentPurpose {
        private static final long serialVersionUID = 1L;

        static final String DEFAULT_REASON = "fail-back requested by the Pipeline";

        private final String reason;
        private volatile boolean requested;

        FailBack(DeploymentArgs args, String reason) {
            super(args);
            this.reason = reason == null ? DEFAULT_REASON : reason;
        }

        @Override
        Milestone milestone() {
            return Milestone.FINISHED;
        }

        @Override
        DeploymentRecord prepare(Session session, DeploymentRecord record, Work work, StepLifecycle step)
                throws StepFailure {
            if (record.isPromoted()) {
                throw new StepFailure("deployment " + record.id() + " was already promoted: green serves 100% and "
                        + "a promoted deployment is not failed back (deploy the previous version as a new canary)");
            }
            if (requested || record.isFinished()) {
                return record;
            }
            String by = work.in().startedBy() != null ? work.in().startedBy() : PipelineApprovals.BY;
            DeploymentRecord asked = session.engine.requestAbort(record.id(), by, reason);
            work.log().note(record.id(), "fail-back requested by " + by + ": " + reason);
            requested = true;
            step.saveState();
            return asked;
        }

        @Override
        Object rolledBack(DeploymentRecord record) {
            return record.phase().name();
        }
    }
}
