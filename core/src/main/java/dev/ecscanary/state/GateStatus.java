package dev.ecscanary.state;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One gate during the current bake.
 *
 * @param verdict              the latest verdict, null before the first evaluation
 * @param message              the latest evaluation's sentence for people
 * @param measured             the numbers the latest evaluation measured
 * @param limits               the limits it judged them by
 * @param nextAt               when the gate is due next
 * @param consecutiveFailures  FAIL verdicts in a row; the step fails at the gate's threshold
 */
public record GateStatus(String name, Verdict verdict, String message, Map<String, Double> measured,
                         Map<String, Double> limits, Instant evaluatedAt, Instant nextAt, int consecutiveFailures,
                         int evaluations, Double observedGreenPercent) {

    public GateStatus {
        measured = measured == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(measured));
        limits = limits == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(limits));
    }

    public static GateStatus due(String name, Instant at) {
        return new GateStatus(name, null, "not evaluated yet", Map.of(), Map.of(), null, at, 0, 0, null);
    }

    /** The latest evaluation as evidence. */
    public GateEvidence evidence() {
        return new GateEvidence(name, verdict, message, measured, limits);
    }

    public String describe() {
        return evidence().describe();
    }
}
