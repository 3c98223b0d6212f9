package dev.ecscanary.jenkins;

import dev.ecscanary.spec.Percentages;
import dev.ecscanary.spec.StepSpec;
import dev.ecscanary.spec.Weights;
import dev.ecscanary.state.DeploymentRecord;
import dev.ecscanary.state.GateStatus;
import dev.ecscanary.state.HistoryEntry;
import dev.ecscanary.state.Phase;
import dev.ecscanary.state.ShareSample;
import java.util.ArrayList;
import java.util.List;

/**
 * What the build's main page shows of a deployment: its outcome, each step with its intended and
 * observed green share and who approved it, and the evidence of the latest gates. Built from the
 * record; read by {@code CanaryRunAction/summary.jelly}.
 */
public final class RunSummary {

    private final DeploymentRecord record;

    RunSummary(DeploymentRecord record) {
        this.record = record;
    }

    public String getDeploymentId() {
        return record.id();
    }

    /** PROMOTED, ROLLED_BACK, or the phase in words while in progress. */
    public String getOutcome() {
        return switch (record.phase()) {
            case PROMOTED -> "promoted";
            case ROLLED_BACK -> "rolled back";
            default -> "in progress: " + record.phase().description();
        };
    }

    /** ok, bad or running: for the outcome's colour. */
    public String getOutcomeClass() {
        return record.phase() == Phase.PROMOTED ? "ok"
                : record.phase() == Phase.ROLLED_BACK || record.phase() == Phase.FAILING_BACK ? "bad" : "running";
    }

    public String getFailBackReason() {
        return record.failBack() == null ? null : record.failBack().reason();
    }

    public String getCurrentWeights() {
        return record.weights() == null ? "not read yet" : record.weights().toString();
    }

    public List<StepRow> getSteps() {
        List<StepSpec> steps = record.steps();
        List<StepRow> rows = new ArrayList<>(steps.size());
        for (int i = 0; i < steps.size(); i++) {
            StepSpec step = steps.get(i);
            Weights intended = step == null || step.percent() == null ? null : Weights.forGreenPercent(step.percent());
            rows.add(new StepRow(i + 1,
                    intended == null ? "?" : Percentages.format(intended.greenPercent()) + "%",
                    intended == null ? "" : "blue " + intended.blue() + " / green " + intended.green(),
                    observed(i), approver(i), state(i)));
        }
        return rows;
    }

    public List<GateRow> getGates() {
        List<GateRow> rows = new ArrayList<>();
        for (GateStatus gate : record.gates()) {
            rows.add(new GateRow(gate.name(), gate.verdict() == null ? "pending" : gate.verdict().name(),
                    gate.evidence() == null ? "" : gate.evidence()));
        }
        return rows;
    }

    /** The latest share green really received during step {@code index}, as measured by a gate. */
    private String observed(int index) {
        ShareSample last = null;
        for (ShareSample sample : record.shareSamples()) {
            if (sample.step() == index) {
                last = sample;
            }
        }
        return last == null ? "" : Percentages.format(last.observedPercent()) + "% (" + last.gate() + ")";
    }

    private String approver(int index) {
        for (HistoryEntry entry : record.history()) {
            if (entry.step() == index && entry.kind() == HistoryEntry.Kind.APPROVED) {
                return entry.by() == null ? "" : entry.by();
            }
        }
        return "";
    }

    private String state(int index) {
        if (record.phase() == Phase.PROMOTED || index < record.step()) {
            return "done";
        }
        if (index > record.step()) {
            return "";
        }
        return record.phase() == Phase.FAILING_BACK || record.phase() == Phase.ROLLED_BACK ? "failed"
                : record.phase().description();
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
