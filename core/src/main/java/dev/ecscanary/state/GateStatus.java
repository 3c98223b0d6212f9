package dev.ecscanary.state;

import java.time.Instant;

/**
 * One gate during the current bake.
 *
 * @param verdict              the latest verdict, null before the first evaluation
 * @param nextAt               when the gate is due next
 * @param consecutiveFailures  FAIL verdicts in a row; the step fails at the gate's threshold
 */
public record GateStatus(String name, Verdict verdict, String evidence, Instant evaluatedAt, Instant nextAt,
                         int consecutiveFailures, int evaluations, Double observedGreenPercent) {

    public static GateStatus due(String name, Instant at) {
        return new GateStatus(name, null, "not evaluated yet", null, at, 0, 0, null);
    }

    public String describe() {
        return name + ": " + (verdict == null ? "pending" : verdict) + (evidence == null ? "" : " - " + evidence);
    }
}
