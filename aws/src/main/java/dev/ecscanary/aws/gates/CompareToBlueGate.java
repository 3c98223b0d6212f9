package dev.ecscanary.aws.gates;

import dev.ecscanary.port.Gate;
import dev.ecscanary.spec.Percentages;
import java.time.Duration;
import java.util.OptionalDouble;

/**
 * Green not worse than blue over the same window: its error rate by at most
 * {@code errorRateMargin} percentage points, its p99 latency by at most
 * {@code latencyMarginPercent} percent. Judged only once both served {@code minRequests}.
 */
final class CompareToBlueGate implements Gate {

    private final AlbMetrics metrics;
    private final String green;
    private final String blue;
    private final double errorRateMargin;
    private final double latencyMarginPercent;
    private final int minRequests;
    private final Duration window;

    CompareToBlueGate(AlbMetrics metrics, String green, String blue, double errorRateMargin,
                      double latencyMarginPercent, int minRequests, Duration window) {
        this.metrics = metrics;
        this.green = green;
        this.blue = blue;
        this.errorRateMargin = errorRateMargin;
        this.latencyMarginPercent = latencyMarginPercent;
        this.minRequests = minRequests;
        this.window = window;
    }

    @Override
    public GateResult evaluate(GateContext context) {
        if (context.weights().isAllGreen()) {
            return GateResult.pass("not applicable at 100% green: blue receives no traffic to compare with");
        }
        MetricWindow span = MetricWindow.of(context, window);
        if (span.isEmpty()) {
            return GateResult.inconclusive(MetricGates.NOTHING_TO_MEASURE_YET);
        }
        AlbCounts greenCounts = metrics.counts(green, span);
        AlbCounts blueCounts = metrics.counts(blue, span);
        GateResult result = compare(span, greenCounts, blueCounts)
                .measured("greenRequests", greenCounts.requests()).measured("greenErrors", greenCounts.errors())
                .measured("blueRequests", blueCounts.requests()).measured("blueErrors", blueCounts.errors())
                .measured("greenErrorRatePercent", greenCounts.errorRate())
                .measured("blueErrorRatePercent", blueCounts.errorRate());
        return result.limit("minRequests", minRequests).limit("errorRateMarginPoints", errorRateMargin)
                .limit("latencyMarginPercent", latencyMarginPercent);
    }

    private GateResult compare(MetricWindow span, AlbCounts greenCounts, AlbCounts blueCounts) {
        if (greenCounts.requests() < minRequests || blueCounts.requests() < minRequests) {
            return GateResult.inconclusive("green served " + greenCounts.requests() + " and blue "
                    + blueCounts.requests() + " requests from " + span.describe() + "; at least " + minRequests
                    + " each are needed to compare");
        }
        String errors = "green error rate " + greenCounts.describeErrorRate() + " vs blue "
                + blueCounts.describeErrorRate();
        if (greenCounts.errorRate() > blueCounts.errorRate() + errorRateMargin) {
            return GateResult.fail(errors + ": more than " + Percentages.format(errorRateMargin)
                    + " percentage points worse");
        }
        OptionalDouble greenP99 = metrics.latencyP99Millis(green, span);
        OptionalDouble blueP99 = metrics.latencyP99Millis(blue, span);
        if (greenP99.isEmpty() || blueP99.isEmpty()) {
            return GateResult.inconclusive(errors + "; p99 latency not comparable: no TargetResponseTime for "
                    + (greenP99.isEmpty() ? "green" : "blue"));
        }
        double limit = blueP99.getAsDouble() * (1 + latencyMarginPercent / 100);
        String latency = "p99 latency " + MetricGates.millis(greenP99.getAsDouble()) + " vs blue "
                + MetricGates.millis(blueP99.getAsDouble());
        GateResult result = greenP99.getAsDouble() > limit
                ? GateResult.fail("green " + latency + ": more than " + Percentages.format(latencyMarginPercent)
                        + "% slower (limit " + MetricGates.millis(limit) + ")")
                : GateResult.pass(errors + " (margin " + Percentages.format(errorRateMargin) + " points); " + latency
                        + " (margin " + Percentages.format(latencyMarginPercent) + "%)");
        return result.measured("greenP99Millis", greenP99.getAsDouble()).measured("blueP99Millis", blueP99.getAsDouble())
                .limit("greenP99MaxMillis", limit);
    }
}
