package dev.ecscanary.aws.gates;

import dev.ecscanary.port.Gate;
import dev.ecscanary.spec.GateSpec.Metric;
import dev.ecscanary.spec.Percentages;
import java.time.Duration;
import java.util.OptionalDouble;

/**
 * Green's own error rate (target 5xx over requests, in percent) or p99 latency (ms) over the
 * window, against a fixed maximum; judged only once green served {@code minRequests} in it.
 */
final class MetricThresholdGate implements Gate {

    private final AlbMetrics metrics;
    private final String green;
    private final Metric metric;
    private final double max;
    private final Duration window;
    private final int minRequests;

    MetricThresholdGate(AlbMetrics metrics, String green, Metric metric, double max, Duration window, int minRequests) {
        this.metrics = metrics;
        this.green = green;
        this.metric = metric;
        this.max = max;
        this.window = window;
        this.minRequests = minRequests;
    }

    @Override
    public GateResult evaluate(GateContext context) {
        MetricWindow span = MetricWindow.of(context, window);
        if (span.isEmpty()) {
            return GateResult.inconclusive(MetricGates.NOTHING_TO_MEASURE_YET);
        }
        AlbCounts counts = metrics.counts(green, span);
        GateResult result;
        if (counts.requests() < minRequests) {
            result = GateResult.inconclusive("green served " + counts.requests() + " requests from " + span.describe()
                    + "; at least " + minRequests + " are needed to judge");
        } else {
            result = metric == Metric.ERROR_RATE ? judgeErrorRate(counts) : judgeLatency(counts, span);
        }
        return result.measured("requests", counts.requests()).measured("errors", counts.errors())
                .limit("minRequests", minRequests)
                .limit(metric == Metric.ERROR_RATE ? "maxErrorRatePercent" : "maxP99Millis", max);
    }

    private GateResult judgeErrorRate(AlbCounts counts) {
        String rate = "green error rate " + counts.describeErrorRate();
        return (counts.errorRate() > max
                ? GateResult.fail(rate + " is above the maximum " + Percentages.format(max) + "%")
                : GateResult.pass(rate + " is within the maximum " + Percentages.format(max) + "%"))
                .measured("errorRatePercent", counts.errorRate());
    }

    private GateResult judgeLatency(AlbCounts counts, MetricWindow span) {
        OptionalDouble p99 = metrics.latencyP99Millis(green, span);
        if (p99.isEmpty()) {
            return GateResult.inconclusive("green has no TargetResponseTime from " + span.describe()
                    + " although it served " + counts.requests() + " requests");
        }
        String latency = "green p99 latency " + MetricGates.millis(p99.getAsDouble()) + " over " + counts.requests()
                + " requests";
        return (p99.getAsDouble() > max
                ? GateResult.fail(latency + " is above the maximum " + MetricGates.millis(max))
                : GateResult.pass(latency + " is within the maximum " + MetricGates.millis(max)))
                .measured("p99Millis", p99.getAsDouble());
    }
}
