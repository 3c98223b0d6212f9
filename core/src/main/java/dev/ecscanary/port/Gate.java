package dev.ecscanary.port;

import dev.ecscanary.spec.Weights;
import dev.ecscanary.state.Verdict;
import java.time.Instant;

/** One health check of green during a bake. */
public interface Gate {

    GateResult evaluate(GateContext context);

    /**
     * @param bakeStartedAt when the current weights reached clients (after sync and TTL): metric
     *                      windows should not reach back before it
     */
    record GateContext(String deploymentId, int stepNumber, Weights weights, Instant bakeStartedAt, Instant now) {
    }

    /**
     * @param evidence             what was seen, in a sentence for people
     * @param observedGreenPercent the share of requests green really received, when the gate
     *                             measured it (for the report's intended vs observed chart)
     */
    record GateResult(Verdict verdict, String evidence, Double observedGreenPercent) {

        public static GateResult pass(String evidence) {
            return new GateResult(Verdict.PASS, evidence, null);
        }

        public static GateResult fail(String evidence) {
            return new GateResult(Verdict.FAIL, evidence, null);
        }

        public static GateResult inconclusive(String evidence) {
            return new GateResult(Verdict.INCONCLUSIVE, evidence, null);
        }

        public GateResult withObservedGreenPercent(double percent) {
            return new GateResult(verdict, evidence, percent);
        }
    }
}
