package dev.ecscanary.jenkins;

import dev.ecscanary.port.Gate.GateResult;
import dev.ecscanary.spec.Durations;
import dev.ecscanary.spec.GateSpec;
import dev.ecscanary.spec.Percentages;
import dev.ecscanary.spec.StepSpec;
import dev.ecscanary.spec.Weights;
import dev.ecscanary.state.DeploymentRecord;
import dev.ecscanary.state.GateStatus;
import dev.ecscanary.state.HistoryEntry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Deployment records as plain maps for Pipeline scripts: only Strings, Numbers, Booleans, Lists and
 * Maps (what the Groovy sandbox lets a script read without approvals), instants as ISO-8601 text, and
 * no nulls (an absent value is an absent key).
 */
final class RecordMaps {

    private RecordMaps() {
    }

    /** What {@code canaryStatus} returns. */
    static Map<String, Object> status(DeploymentRecord r) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("deployment", r.id());
        map.put("phase", r.phase().name());
        map.put("phaseDescription", r.phase().description());
        map.put("finished", r.isFinished());
        map.put("step", r.step() + 1);
        map.put("stepCount", r.steps().size());
        List<Object> steps = new ArrayList<>();
        for (int i = 0; i < r.steps().size(); i++) {
            StepSpec step = r.steps().get(i);
            Map<String, Object> planned = new LinkedHashMap<>();
            planned.put("number", i + 1);
            if (step != null && step.percent() != null) {
                planned.put("percent", Percentages.format(step.percent()));
            }
            if (step != null) {
                planned.put("bake", Durations.format(step.bake()));
                planned.put("approval", step.needsApproval());
            }
            steps.add(planned);
        }
        map.put("steps", steps);
        StepSpec current = r.currentStep();
        if (current != null && current.percent() != null) {
            map.put("stepPercent", current.percent());
        }
        Weights weights = r.weights();
        if (weights != null) {
            map.put("blueWeight", weights.blue());
            map.put("greenWeight", weights.green());
            map.put("greenPercent", weights.greenPercent());
            map.put("bluePercent", 100.0 - weights.greenPercent());
            map.put("weights", weights.toString());
        }
        if (r.lease() != null) {
            map.put("leaseOwner", r.lease().owner());
            map.put("leaseExpiresAt", text(r.lease().expiresAt()));
        }
        if (r.failBack() != null) {
            map.put("failBackReason", r.failBack().reason());
            map.put("failBackTrigger", r.failBack().trigger().name());
        }
        if (r.abort() != null) {
            map.put("abortRequestedBy", r.abort().by());
        }
        put(map, "lastError", r.lastError());
        map.put("updatedAt", text(r.updatedAt()));
        List<Object> gates = new ArrayList<>();
        for (GateStatus gate : r.gates()) {
            gates.add(gate(gate));
        }
        map.put("gates", gates);
        List<Object> history = new ArrayList<>();
        for (HistoryEntry entry : r.history()) {
            history.add(history(entry));
        }
        map.put("history", history);
        return map;
    }

    static Map<String, Object> gate(GateStatus gate) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("name", gate.name());
        map.put("verdict", gate.verdict() == null ? "PENDING" : gate.verdict().name());
        put(map, "evidence", gate.evidence());
        put(map, "evaluatedAt", text(gate.evaluatedAt()));
        map.put("consecutiveFailures", gate.consecutiveFailures());
        if (gate.observedGreenPercent() != null) {
            map.put("observedGreenPercent", gate.observedGreenPercent());
        }
        return map;
    }

    /** One gate evaluated on demand ({@code canaryGates}). */
    static Map<String, Object> gateResult(GateSpec spec, GateResult result, Instant at) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("name", spec.name());
        map.put("type", spec.type());
        map.put("verdict", result.verdict().name());
        put(map, "evidence", result.evidence());
        if (result.observedGreenPercent() != null) {
            map.put("observedGreenPercent", result.observedGreenPercent());
        }
        map.put("evaluatedAt", text(at));
        return map;
    }

    static Map<String, Object> history(HistoryEntry entry) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("at", text(entry.at()));
        map.put("phase", entry.phase().name());
        map.put("step", entry.step() + 1);
        map.put("kind", entry.kind().name());
        map.put("event", entry.event());
        put(map, "by", entry.by());
        if (entry.weights() != null) {
            map.put("blueWeight", entry.weights().blue());
            map.put("greenWeight", entry.weights().green());
        }
        map.put("evidence", new ArrayList<Object>(entry.evidence()));
        return map;
    }

    private static void put(Map<String, Object> map, String key, Object value) {
        if (value != null) {
            map.put(key, value);
        }
    }

    private static String text(Instant at) {
        return at == null ? null : at.toString();
    }
}
