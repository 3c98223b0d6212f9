package dev.ecscanary.jenkins;

import dev.ecscanary.spec.Percentages;
import dev.ecscanary.spec.Weights;
import dev.ecscanary.state.ShareSample;
import dev.ecscanary.view.DeploymentView;
import dev.ecscanary.view.DeploymentView.ApprovalView;
import dev.ecscanary.view.DeploymentView.GateView;
import dev.ecscanary.view.DeploymentView.StepView;
import dev.ecscanary.view.Printable;
import java.util.ArrayList;
import java.util.List;

/**
 * What the build's main page shows of a deployment, rendered from its {@link DeploymentView}: the
 * outcome, each step with its intended and observed green share and who approved it, and the latest
 * gates. Read by {@code CanaryRunAction/summary.jelly}.
 */
public final class RunSummary {

    private final DeploymentView view;

    RunSummary(DeploymentView view) {
        this.view = view;
    }

    public String getDeploymentId() {
        return view.id();
    }

    /** promoted, rolled back, or where it stands while in progress. */
    public String getOutcome() {
        return switch (view.outcome()) {
            case PROMOTED, ROLLED_BACK, REFUSED -> view.outcome().label;
            case FAILING_BACK, IN_PROGRESS -> "in progress: " + view.phase().description();
        };
    }

    /** ok, bad or running: for the outcome's colour. */
    public String getOutcomeClass() {
        return switch (view.outcome()) {
            case PROMOTED -> "ok";
            case ROLLED_BACK, REFUSED, FAILING_BACK -> "bad";
            case IN_PROGRESS -> "running";
        };
    }

    public String getFailBackReason() {
        return view.failBack() == null ? null : Printable.line(view.failBack().reason());
    }

    public String getCurrentWeights() {
        return view.weights() == null ? "not read yet" : view.weights().toString();
    }

    public List<StepRow> getSteps() {
        List<StepRow> rows = new ArrayList<>(view.steps().size());
        for (StepView step : view.steps()) {
            Weights intended = step.weights();
            ApprovalView approval = step.approval();
            rows.add(new StepRow(step.number(),
                    intended == null ? "?" : Percentages.format(intended.greenPercent()) + "%",
                    intended == null ? "" : "blue " + intended.blue() + " / green " + intended.green(),
                    step.lastObserved().map(RunSummary::observed).orElse(""),
                    approval != null && approval.decision() == ApprovalView.Decision.APPROVED
                            ? Printable.line(approval.by()) : "",
                    state(step)));
        }
        return rows;
    }

    public List<GateRow> getGates() {
        List<GateRow> rows = new ArrayList<>();
        for (GateView gate : view.gates()) {
            rows.add(new GateRow(gate.name(), gate.verdictText(),
                    gate.message() == null ? "" : Printable.line(gate.message())));
        }
        return rows;
    }

    private static String observed(ShareSample sample) {
        return Percentages.format(sample.observedPercent()) + "% (" + sample.gate() + ")";
    }

    private String state(StepView step) {
        return switch (step.outcome()) {
            case PASSED -> "done";
            case FAILED -> "failed";
            case IN_PROGRESS -> view.phase().description();
            case NOT_REACHED -> "";
        };
    }

    /** One step of the summary table. */
    public static final class StepRow {
        private final int number;
        private final String percent;
        private final String weights;
        private final String observed;
        private final String approver;
        private final String state;

        StepRow(int number, String percent, String weights, String observed, String approver, String state) {
            this.number = number;
            this.percent = percent;
            this.weights = weights;
            this.observed = observed;
            this.approver = approver;
            this.state = state;
        }

        public int getNumber() {
            return number;
        }

        public String getPercent() {
            return percent;
        }

        public String getWeights() {
            return weights;
        }

        public String getObserved() {
            return observed;
        }

        public String getApprover() {
            return approver;
        }

        public String getState() {
            return state;
        }
    }

    /** One gate of the current (or last) bake. */
    public static final class GateRow {
        private final String name;
        private final String verdict;
        private final String evidence;

        GateRow(String name, String verdict, String evidence) {
            this.name = name;
            this.verdict = verdict;
            this.evidence = evidence;
        }

        public String getName() {
            return name;
        }

        public String getVerdict() {
            return verdict;
        }

        public String getEvidence() {
            return evidence;
        }
    }
}
