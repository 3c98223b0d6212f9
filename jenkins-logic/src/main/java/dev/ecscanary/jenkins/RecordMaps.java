package dev.ecscanary.jenkins;

import dev.ecscanary.port.Gate.GateResult;
import dev.ecscanary.spec.Durations;
import dev.ecscanary.spec.GateSpec;
import dev.ecscanary.spec.Percentages;
import dev.ecscanary.spec.Weights;
import dev.ecscanary.state.DrainResult;
import dev.ecscanary.state.GateEvidence;
import dev.ecscanary.state.HistoryEntry;
import dev.ecscanary.view.DeploymentView;
import dev.ecscanary.view.DeploymentView.GateView;
import dev.ecscanary.view.DeploymentView.StepView;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A deployment's {@link DeploymentView} as plain maps for Pipeline scripts: only Strings, Numbers,
 * Booleans, Lists and Maps (what the Groovy sandbox lets a script read without approvals), instants as
 * ISO-8601 text, and no nulls (an absent value is an absent key).
 */
final class RecordMaps {

    private RecordMaps() {
    }

    /** What {@code canaryStatus} returns. */
    static Map<String, Object> status(DeploymentView view) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("deployment", view.id());
        map.put("phase", view.phase().name());
        map.put("phaseDescription", view.phase().description());
        map.put("headline", view.headline());
        map.put("outcome", view.outcome().name());
        map.put("finished", view.finished());
        map.put("step", view.stepNumber() == null ? 0 : view.stepNumber());
        map.put("stepCount", view.stepCount());
        List<Object> steps = new ArrayList<>();
        for (StepView step : view.steps()) {
            steps.add(step(step));
        }
        map.put("steps", steps);
        if (view.stepPercent() != null) {
            map.put("stepPercent", view.stepPercent());
        }
        Weights weights = view.weights();
        if (weights != null) {
            map.put("blueWeight", weights.blue());
            map.put("greenWeight", weights.green());
            map.put("greenPercent", weights.greenPercent());
            map.put("bluePercent", 100.0 - weights.greenPercent());
            map.put("weights", weights.toString());
        }
        if (view.waitingFor() != null) {
            map.put("waitingFor", view.waitingFor().what());
            put(map, "waitingUntil", text(view.waitingFor().until()));
            put(map, "deadline", text(view.waitingFor().deadline()));
        }
        if (view.lease() != null) {
            map.put("leaseOwner", view.lease().owner());
            map.put("leaseExpiresAt", text(view.lease().expiresAt()));
        }
        if (view.failBack() != null) {
            map.put("failBackReason", view.failBack().reason());
            map.put("failBackTrigger", view.failBack().trigger().name());
            if (view.failBack().stepNumber() != null) {
                map.put("failBackStep", view.failBack().stepNumber());
            }
            put(map, "failBackBy", view.failBack().by());
        }
        if (view.abort() != null) {
            map.put("abortRequestedBy", view.abort().by());
        }
        if (view.drain() != null) {
            map.put("drainedSide", view.drain().drainedSide());
            if (view.drain().result() != null) {
                DrainResult result = view.drain().result();
                map.put("drainStatus", result.status().name());
                map.put("drainMessage", result.message());
                put(map, "drainEffectiveAt", text(result.effectiveAt()));
                if (result.stale() != null) {
                    map.put("staleRequestsPerMinute", result.stale().requestsPerMinute());
                    map.put("staleSharePercent", result.stale().sharePercent());
                    map.put("staleDnsRequestsPerMinute", result.stale().staleDnsRequestsPerMinute());
                    map.put("keepAliveRequestsPerMinute", result.stale().keepAliveRequestsPerMinute());
                }
            }
        }
        if (!view.drifts().isEmpty()) {
            List<Object> drifts = new ArrayList<>();
            view.drifts().forEach(drift -> {
                Map<String, Object> one = new LinkedHashMap<>();
                one.put("at", text(drift.at()));
                put(one, "step", drift.stepNumber());
                one.put("expected", drift.expected().toString());
                one.put("found", drift.found().toString());
                one.put("action", drift.action());
                drifts.add(one);
            });
            map.put("drifts", drifts);
        }
        put(map, "lastError", view.lastError());
        map.put("updatedAt", text(view.updatedAt()));
        List<Object> gates = new ArrayList<>();
        for (GateView gate : view.gates()) {
            gates.add(gate(gate));
        }
        map.put("gates", gates);
        List<Object> history = new ArrayList<>();
        for (HistoryEntry entry : view.history()) {
            history.add(history(entry));
        }
        map.put("history", history);
        return map;
    }

    private static Map<String, Object> step(StepView step) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("number", step.number());
        if (step.requestedPercent() != null) {
            map.put("percent", Percentages.format(step.requestedPercent()));
        }
        if (step.bake() != null) {
            map.put("bake", step.bake().describe());
        }
        map.put("approval", step.needsApproval());
        map.put("outcome", step.outcome().name());
        if (step.exposure() != null) {
            map.put("exposure", step.exposure().describe());
        }
        put(map, "outcomeNote", step.outcomeNote());
        if (step.approval() != null) {
            map.put("approvalDecision", step.approval().decision().name());
            put(map, "approvedBy", step.approval().by());
        }
        step.lastObserved().ifPresent(sample -> map.put("observedGreenPercent", sample.observedPercent()));
        List<Object> evidence = new ArrayList<>();
        step.evidence().forEach(e -> evidence.add(evidence(e)));
        map.put("evidence", evidence);
        return map;
    }

    static Map<String, Object> gate(GateView gate) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("name", gate.name());
        put(map, "type", gate.type());
        map.put("verdict", gate.verdict() == null ? "PENDING" : gate.verdict().name());
        put(map, "evidence", gate.message());
        map.put("measured", new LinkedHashMap<String, Object>(gate.measured()));
        map.put("limits", new LinkedHashMap<String, Object>(gate.limits()));
        put(map, "evaluatedAt", text(gate.evaluatedAt()));
        map.put("evaluations", gate.evaluations());
        map.put("consecutiveFailures", gate.consecutiveFailures());
        put(map, "failureThreshold", gate.failureThreshold());
        put(map, "observedGreenPercent", gate.observedGreenPercent());
        put(map, "intendedGreenPercent", gate.intendedGreenPercent());
        return map;
    }

    /** One gate evaluated on demand ({@code canaryGates}). */
    static Map<String, Object> gateResult(GateSpec spec, GateResult result, Instant at) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("name", spec.name());
        map.put("type", spec.type());
        map.put("verdict", result.verdict().name());
        put(map, "evidence", result.message());
        map.put("measured", new LinkedHashMap<String, Object>(result.measured()));
        map.put("limits", new LinkedHashMap<String, Object>(result.limits()));
        if (result.observedGreenPercent() != null) {
            map.put("observedGreenPercent", result.observedGreenPercent());
        }
        map.put("evaluatedAt", text(at));
        return map;
    }

    private static Map<String, Object> evidence(GateEvidence evidence) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("gate", evidence.gate());
        map.put("verdict", evidence.verdict() == null ? "PENDING" : evidence.verdict().name());
        put(map, "message", evidence.message());
        map.put("measured", new LinkedHashMap<String, Object>(evidence.measured()));
        map.put("limits", new LinkedHashMap<String, Object>(evidence.limits()));
        return map;
    }

    static Map<String, Object> history(HistoryEntry entry) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("at", text(entry.at()));
        map.put("phase", entry.phase().name());
        map.put("step", entry.step() + 1);
        map.put("type", entry.event().getClass().getSimpleName());
        map.put("event", entry.text());
        put(map, "by", entry.by());
        if (entry.weights() != null) {
            map.put("blueWeight", entry.weights().blue());
            map.put("greenWeight", entry.weights().green());
        }
        List<Object> gates = new ArrayList<>();
        entry.gates().forEach(e -> gates.add(evidence(e)));
        map.put("gates", gates);
        map.put("evidence", new ArrayList<Object>(entry.evidenceLines()));
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
