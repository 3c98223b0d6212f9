package dev.ecscanary.state;

import dev.ecscanary.spec.Weights;
import java.time.Instant;
import java.util.List;

/**
 * One recorded transition or traffic change, with the evidence that caused it.
 *
 * @param step     the step index (from 0), -1 before the first step
 * @param weights  the weights written last when this happened (null before any was known)
 * @param by       who caused it: the driver, an approver, a person aborting
 */
public record HistoryEntry(Instant at, Phase phase, int step, Weights weights, String event, List<String> evidence,
                           String by) {

    public HistoryEntry {
        evidence = evidence == null ? List.of() : List.copyOf(evidence);
    }

    public HistoryEntry withWeights(Weights written) {
        return new HistoryEntry(at, phase, step, written, event, evidence, by);
    }
}
