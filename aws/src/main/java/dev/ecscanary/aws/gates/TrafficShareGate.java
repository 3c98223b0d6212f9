package dev.ecscanary.aws.gates;

import dev.ecscanary.port.Gate;
import dev.ecscanary.spec.Percentages;
import java.time.Duration;

/**
 * The share of requests green really receives, from both load balancers' RequestCount, against the
 * share its Route53 weight intends. Resolvers and clients that ignore the DNS TTL keep sending
 * requests where they went before: the original sample had no way to see that, this gate does.
 * Every measured share is attached to the result, so the report can chart intended vs observed.
 */
final class TrafficShareGate implements Gate {

    private final AlbMetrics metrics;
    private final String green;
    private final String blue;
    private final double tolerance;
    private final int minRequests;
    private final Duration window;

    TrafficShareGate(AlbMetrics metrics, String green, String blue, double tolerance, int minRequests,
                     Duration window) {
        this.metrics = metrics;
        this.green = green;
        this.blue = blue;
        this.tolerance = tolerance;
        this.minRequests = minRequests;
        this.window = window;
    }

    @Override
    public GateResult evaluate(GateContext context) {
        MetricWindow span = MetricWindow.of(context, window);
        if (span.isEmpty()) {
            return GateResult.inconclusive(MetricGates.NOTHING_TO_MEASURE_YET);
        }
        long greenRequests = metrics.counts(green, span).requests();
        long total = greenRequests + metrics.counts(blue, span).requests();
        if (total == 0) {
            return GateResult.inconclusive("no requests reached either load balancer from " + span.describe());
        }
        double observed = 100.0 * greenRequests / total;
        double intended = context.weights().greenPercent();
        String share = "green received " + Percentages.format(observed) + "% of requests, intended "
                + Percentages.format(intended) + "% (tolerance " + Percentages.format(tolerance) + " points)";
        String counts = " (" + greenRequests + " of " + total + " requests)";
        GateResult result;
        if (total < minRequests) {
            result = GateResult.inconclusive(share + counts + "; at least " + minRequests
                    + " requests are needed to judge");
        } else if (Math.abs(observed - intended) > tolerance) {
            String why = observed < intended ? ": clients ignoring the DNS TTL keep talking to blue"
                    : ": more than its weight sends, so something besides the weighted records routes to green";
            result = GateResult.fail(share + why + counts);
        } else {
            result = GateResult.pass(share + counts);
        }
        return result.withObservedGreenPercent(observed)
                .measured("greenRequests", greenRequests).measured("requests", total)
                .measured("observedGreenPercent", observed).measured("intendedGreenPercent", intended)
                .limit("tolerancePoints", tolerance).limit("minRequests", minRequests);
    }
}
