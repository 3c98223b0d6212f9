package dev.ecscanary.port;

import dev.ecscanary.spec.Weights;
import dev.ecscanary.state.Verdict;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** One health check of green during a bake. */
public interface Gate {

    GateResult evaluate(GateContext context);

    /**
     * A call the gate needs failed. Its message is for people, whole: which call, about what, and
     * why (and what to do, when that is known); it becomes the gate's INCONCLUSIVE evidence.
     */
    final class CallFailedException extends RuntimeException {
        public CallFailedException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * @param bakeStartedAt when the current weights reached clients (after sync and TTL): metric
     *                      windows should not reach back before it
     */
    record GateContext(String deploymentId, int stepNumber, Weights weights, Instant bakeStartedAt, Instant now) {
    }

    /**
     * @param message              what was seen, in a sentence for people, written from the numbers below
     * @param observedGreenPercent the share of requests green really received, when the gate
     *                             measured it (for the report's intended vs observed chart)
     * @param measured             the numbers the gate measured, by name (e.g. {@code healthy=2})
     * @param limits               the limits it judged them by, by name (e.g. {@code minHealthy=2})
     */
    record GateResult(Verdict verdict, String message, Double observedGreenPercent, Map<String, Double> measured,
                      Map<String, Double> limits) {

        public GateResult {
            measured = measured == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(measured));
            limits = limits == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(limits));
        }

        public static GateResult pass(String message) {
            return new GateResult(Verdict.PASS, message, null, null, null);
        }

        public static GateResult fail(String message) {
            return new GateResult(Verdict.FAIL, message, null, null, null);
        }

        public static GateResult inconclusive(String message) {
            return new GateResult(Verdict.INCONCLUSIVE, message, null, null, null);
        }

        public GateResult withObservedGreenPercent(double percent) {
            return new GateResult(verdict, message, percent, measured, limits);
        }

        /** With one more measured number. */
        public GateResult measured(String name, double value) {
            Map<String, Double> more = new LinkedHashMap<>(measured);
            more.put(name, value);
            return new GateResult(verdict, message, observedGreenPercent, more, limits);
        }

        /** With one more limit. */
        public GateResult limit(String name, double value) {
            Map<String, Double> more = new LinkedHashMap<>(limits);
            more.put(name, value);
            return new GateResult(verdict, message, observedGreenPercent, measured, more);
        }
    }
}
