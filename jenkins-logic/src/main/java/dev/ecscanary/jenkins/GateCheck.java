package dev.ecscanary.jenkins;

import dev.ecscanary.port.Gate.GateContext;
import dev.ecscanary.port.Gate.GateResult;
import dev.ecscanary.port.GateFactory;
import dev.ecscanary.spec.GateSpec;
import dev.ecscanary.spec.Weights;
import dev.ecscanary.state.DeploymentRecord;
import dev.ecscanary.state.HistoryEntry;
import dev.ecscanary.state.HistoryEvent;
import dev.ecscanary.state.Phase;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code canaryGates}' answer, free of Jenkins types: every gate of the deployment's spec evaluated
 * once, now, against the split it has, as plain maps; a gate that cannot be asked is INCONCLUSIVE, as
 * during a bake. The deployment is not changed.
 */
final class GateCheck {

    private GateCheck() {
    }

    static List<Object> evaluate(GateFactory factory, DeploymentRecord record, Instant now) {
        Weights weights = record.weights() == null ? Weights.ALL_BLUE : record.weights();
        GateContext context = new GateContext(record.id(), Math.max(1, record.step() + 1), weights,
                weightsServedSince(record, now), now);
        List<Object> results = new ArrayList<>();
        for (GateSpec gate : record.spec().gates()) {
            GateResult result;
            try {
                result = factory.create(gate, record.spec()).evaluate(context);
                if (result == null) {
                    result = GateResult.inconclusive("the gate gave no result");
                }
            } catch (RuntimeException e) {
                result = GateResult.inconclusive("could not evaluate: " + e.getClass().getSimpleName()
                        + (e.getMessage() == null ? "" : ": " + e.getMessage()));
            }
            results.add(RecordMaps.gateResult(gate, result, now));
        }
        return results;
    }

    /**
     * Since when clients see the current weights: the bake's start while baking, else when the weights
     * were last written (metric windows should not reach back before it).
     */
    static Instant weightsServedSince(DeploymentRecord record, Instant now) {
        if (record.phase() == Phase.BAKING && record.phaseStartedAt() != null) {
            return record.phaseStartedAt();
        }
        List<HistoryEntry> history = record.history();
        for (int i = history.size() - 1; i >= 0; i--) {
            HistoryEntry entry = history.get(i);
            if (entry.is(HistoryEvent.WeightsWritten.class) && entry.weights() != null
                    && entry.weights().equals(record.weights())) {
                return entry.at();
            }
        }
        return now.minus(GateSpec.DEFAULT_WINDOW);
    }

}
