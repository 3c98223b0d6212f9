package dev.ecscanary.state;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one evaluation of a gate saw, as data: its verdict, the numbers it measured and the limits it
 * judged them by, and the sentence for people that the gate wrote from those numbers.
 *
 * @param measured e.g. {@code healthy=2, targets=2} or {@code greenErrorRatePercent=0.4}
 * @param limits   e.g. {@code minHealthy=2} or {@code errorRateMarginPoints=0.5}
 */
public record GateEvidence(String gate, Verdict verdict, String message, Map<String, Double> measured,
                           Map<String, Double> limits) {

    public GateEvidence {
        measured = measured == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(measured));
        limits = limits == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(limits));
    }

    /** {@code alarms: PASS - alarm shop-5xx is OK}. */
    public String describe() {
        return gate + ": " + (verdict == null ? "pending" : verdict) + (message == null ? "" : " - " + message);
    }
}
