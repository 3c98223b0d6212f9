package dev.ecscanary.aws.gates;

import dev.ecscanary.judge.ShareInterval;
import dev.ecscanary.judge.ShareInterval.Minute;
import dev.ecscanary.port.Gate;
import dev.ecscanary.spec.Percentages;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The share of requests green really receives, from both load balancers' RequestCount minute by
 * minute, against the share its Route53 weight intends. Resolvers and clients that ignore the DNS
 * TTL keep sending requests where they went before: the original sample had no way to see that,
 * this gate does.
 *
 * <p>It judges an interval, not a point: DNS splits traffic per resolver, so requests come in
 * clusters and the observed share wanders more than per-request chance would make it
 * ({@link ShareInterval}). PASS when the whole interval lies within the tolerance of the intended
 * share, FAIL when the whole of it lies outside, INCONCLUSIVE while it straddles the edge, or while
 * there are too few requests or minutes to have one. Every measured share is attached to the
 * result, so the report can chart intended against observed.
 */
final class TrafficShareGate implements Gate {

    /** Of the interval: a 1-in-20 chance that green's real share lies outside it. */
    static final double CONFIDENCE = 0.95;

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
        Map<Instant, Long> greenRequests = metrics.requestsPerMinute(green, span);
        Map<Instant, Long> blueRequests = metrics.requestsPerMinute(blue, span);
        List<Minute> minutes = span.minutes().stream()
                .map(m -> new Minute(greenRequests.getOrDefault(m, 0L), blueRequests.getOrDefault(m, 0L)))
                .toList();
        ShareInterval share = ShareInterval.of(minutes, CONFIDENCE);
        if (share.requests() == 0) {
            return GateResult.inconclusive("no requests reached either load balancer from " + span.describe());
        }
        double intended = context.weights().greenPercent();
        GateResult result = judge(share, intended);
        result = result.withObservedGreenPercent(100 * share.share())
                .measured("greenRequests", share.greenRequests())
                .measured("blueRequests", share.requests() - share.greenRequests()).measured("requests", share.requests())
                .measured("minutes", share.minutes())
                .measured("observedGreenPercent", 100 * share.share()).measured("intendedGreenPercent", intended);
        if (share.hasInterval()) {
            result = result.measured("intervalLowPercent", 100 * share.low())
                    .measured("intervalHighPercent", 100 * share.high());
        }
        return result.limit("tolerancePoints", tolerance).limit("minRequests", minRequests)
                .limit("confidencePercent", 100 * CONFIDENCE);
    }

    private GateResult judge(ShareInterval share, double intended) {
        String observed = "green received " + Percentages.format(100 * share.share()) + "% of requests"
                + (share.hasInterval() ? " (" + Percentages.format(100 * CONFIDENCE) + "% interval "
                + Percentages.format(100 * share.low()) + "-" + Percentages.format(100 * share.high()) + "%)" : "")
                + ", intended " + Percentages.format(intended) + "% (tolerance " + Percentages.format(tolerance)
                + " points)";
        String counts = " (" + share.greenRequests() + " of " + share.requests() + " requests in " + share.minutes()
                + (share.minutes() == 1 ? " minute)" : " minutes)");
        if (share.requests() < minRequests) {
            return GateResult.inconclusive(observed + counts + "; at least " + minRequests
                    + " requests are needed to judge");
        }
        if (!share.hasInterval()) {
            return GateResult.inconclusive(observed + counts + "; requests in at least 2 minutes are needed to tell "
                    + "how they cluster by resolver");
        }
        double low = 100 * share.low();
        double high = 100 * share.high();
        if (high < intended - tolerance) {
            return GateResult.fail(observed + ": clients ignoring the DNS TTL keep talking to blue" + counts);
        }
        if (low > intended + tolerance) {
            return GateResult.fail(observed + ": more than its weight sends, so something besides the weighted "
                    + "records routes to green" + counts);
        }
        if (low >= intended - tolerance && high <= intended + tolerance) {
            return GateResult.pass(observed + counts);
        }
        return GateResult.inconclusive(observed + counts + "; the interval reaches past the tolerance: more "
                + "requests will tell");
    }
}
