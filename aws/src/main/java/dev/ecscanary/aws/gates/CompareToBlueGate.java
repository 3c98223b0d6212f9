package dev.ecscanary.aws.gates;

import dev.ecscanary.judge.ErrorRateJudge;
import dev.ecscanary.judge.LatencyJudge;
import dev.ecscanary.port.Gate;
import dev.ecscanary.spec.Percentages;
import dev.ecscanary.state.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Green not worse than blue, judged on the minutes both served during the bake so far, with the
 * statistics of {@link ErrorRateJudge} (error rate: an anytime-valid confidence sequence, paired by
 * minute) and {@link LatencyJudge} (per-minute p99: Mann-Whitney with the Hodges-Lehmann shift,
 * after a warm-up, spending the error budget a minute of evidence at a time). FAIL when either judge fails, PASS
 * when both pass, INCONCLUSIVE otherwise: the step holds until there is enough evidence.
 */
final class CompareToBlueGate implements Gate {

    /** Fewer requests in a minute make its p99 a statement about a handful of requests. */
    static final long MIN_REQUESTS_PER_MINUTE = 20;
    /** Minutes both sides must have for latency to PASS. */
    static final int MIN_LATENCY_MINUTES = 5;

    private final AlbMetrics metrics;
    private final String green;
    private final String blue;
    private final Settings settings;

    /**
     * @param errorRateMargin in percentage points
     */
    record Settings(double errorRateMargin, double latencyMarginPercent, double latencyFloorMillis, int minRequests,
                    double confidence, Duration warmup, Duration window) {
    }

    CompareToBlueGate(AlbMetrics metrics, String green, String blue, Settings settings) {
        this.metrics = metrics;
        this.green = green;
        this.blue = blue;
        this.settings = settings;
    }

    @Override
    public GateResult evaluate(GateContext context) {
        if (context.weights().isAllGreen()) {
            return GateResult.pass("not applicable at 100% green: blue receives no traffic to compare with");
        }
        MetricWindow span = MetricWindow.of(context, settings.window());
        if (span.isEmpty()) {
            return GateResult.inconclusive(MetricGates.NOTHING_TO_MEASURE_YET);
        }
        Map<Instant, AlbCounts> greenCounts = metrics.countsPerMinute(green, span);
        Map<Instant, AlbCounts> blueCounts = metrics.countsPerMinute(blue, span);
        ErrorRateJudge.Evidence errors = ErrorRateJudge.judge(errorMinutes(span, greenCounts, blueCounts),
                settings.errorRateMargin() / 100, settings.confidence(), settings.minRequests());
        LatencyJudge.Evidence latency = LatencyJudge.judge(latencyMinutes(context, span, greenCounts, blueCounts),
                settings.latencyFloorMillis(), settings.latencyMarginPercent(), settings.confidence(),
                MIN_LATENCY_MINUTES);
        Verdict verdict = errors.verdict() == Verdict.FAIL || latency.verdict() == Verdict.FAIL
                ? Verdict.FAIL
                : errors.verdict() == Verdict.PASS && latency.verdict() == Verdict.PASS ? Verdict.PASS
                : Verdict.INCONCLUSIVE;
        String message = describe(errors) + "; " + describe(latency);
        return withEvidence(new GateResult(verdict, message, null, null, null), errors, latency);
    }

    private static List<ErrorRateJudge.Minute> errorMinutes(MetricWindow span, Map<Instant, AlbCounts> greenCounts,
                                                            Map<Instant, AlbCounts> blueCounts) {
        List<ErrorRateJudge.Minute> minutes = new ArrayList<>();
        for (Instant minute : span.minutes()) {
            AlbCounts g = greenCounts.getOrDefault(minute, new AlbCounts(0, 0));
            AlbCounts b = blueCounts.getOrDefault(minute, new AlbCounts(0, 0));
            minutes.add(new ErrorRateJudge.Minute(g.requests(), Math.min(g.errors(), g.requests()), b.requests(),
                    Math.min(b.errors(), b.requests())));
        }
        return minutes;
    }

    /** Minutes after the warm-up in which both sides served enough requests for their p99 to mean something. */
    private List<LatencyJudge.Minute> latencyMinutes(GateContext context, MetricWindow span,
                                                     Map<Instant, AlbCounts> greenCounts,
                                                     Map<Instant, AlbCounts> blueCounts) {
        Instant warm = context.bakeStartedAt() == null ? span.start() : context.bakeStartedAt().plus(settings.warmup());
        List<Instant> candidates = span.minutes().stream().filter(m -> !m.isBefore(warm))
                .filter(m -> greenCounts.getOrDefault(m, new AlbCounts(0, 0)).requests() >= MIN_REQUESTS_PER_MINUTE
                        && blueCounts.getOrDefault(m, new AlbCounts(0, 0)).requests() >= MIN_REQUESTS_PER_MINUTE)
                .toList();
        if (candidates.isEmpty()) {
            return List.of();
        }
        MetricWindow latencySpan = new MetricWindow(candidates.get(0), span.end());
        Map<Instant, Double> greenP99 = metrics.latencyP99PerMinuteMillis(green, latencySpan);
        Map<Instant, Double> blueP99 = metrics.latencyP99PerMinuteMillis(blue, latencySpan);
        List<LatencyJudge.Minute> minutes = new ArrayList<>();
        for (Instant minute : candidates) {
            Double g = greenP99.get(minute);
            Double b = blueP99.get(minute);
            if (g != null && b != null && Double.isFinite(g) && Double.isFinite(b) && g >= 0 && b >= 0) {
                minutes.add(new LatencyJudge.Minute(g, b));
            }
        }
        return minutes;
    }

    private String describe(ErrorRateJudge.Evidence e) {
        String rates = "error rate green " + percent(e.greenRate()) + " (" + e.greenErrors() + " of "
                + e.greenRequests() + ") vs blue " + percent(e.blueRate()) + " (" + e.blueErrors() + " of "
                + e.blueRequests() + ")";
        if (Double.isNaN(e.low())) {
            return rates + ": not judged yet, both sides need requests in at least 2 minutes";
        }
        String interval = "difference " + points(e.difference()) + " points (" + Percentages.format(100 * e.confidence())
                + "% sequence " + points(e.low()) + " to " + points(e.high()) + "), margin "
                + Percentages.format(settings.errorRateMargin()) + " points";
        return rates + ", " + interval + switch (e.verdict()) {
            case FAIL -> ": worse than the margin";
            case PASS -> ": within the margin";
            case INCONCLUSIVE -> e.high() < e.margin() ? ": within the margin, but green served fewer than "
                    + e.minRequests() + " requests" : ": not decided yet";
        };
    }

    private static String describe(LatencyJudge.Evidence e) {
        if (e.minutes() == 0) {
            return "p99 latency: no minute after the warm-up with " + MIN_REQUESTS_PER_MINUTE
                    + " requests on each side yet";
        }
        String shift = "p99 latency green " + MetricGates.millis(e.greenMedian()) + " vs blue "
                + MetricGates.millis(e.blueMedian()) + " (median of " + e.minutes() + " minutes), shift "
                + signedMillis(e.shift()) + bounds(e) + ", allowed " + MetricGates.millis(e.allowed());
        return shift + switch (e.verdict()) {
            case FAIL -> ": slower than allowed";
            case PASS -> ": within what is allowed";
            case INCONCLUSIVE -> e.minutes() < e.minMinutes() ? ": " + e.minutes() + " of at least " + e.minMinutes()
                    + " minutes" : ": not decided yet";
        };
    }

    private static String bounds(LatencyJudge.Evidence e) {
        if (!Double.isFinite(e.low()) || !Double.isFinite(e.high())) {
            return "";
        }
        return " (" + signedMillis(e.low()) + " to " + signedMillis(e.high()) + ")";
    }

    private GateResult withEvidence(GateResult result, ErrorRateJudge.Evidence errors, LatencyJudge.Evidence latency) {
        GateResult r = result.measured("greenRequests", errors.greenRequests()).measured("greenErrors", errors.greenErrors())
                .measured("blueRequests", errors.blueRequests()).measured("blueErrors", errors.blueErrors())
                .measured("errorRateMinutes", errors.minutes());
        r = finite(r, "greenErrorRatePercent", 100 * errors.greenRate());
        r = finite(r, "blueErrorRatePercent", 100 * errors.blueRate());
        r = finite(r, "errorRateDifferencePoints", 100 * errors.difference());
        r = finite(r, "errorRateLowPoints", 100 * errors.low());
        r = finite(r, "errorRateHighPoints", 100 * errors.high());
        r = r.measured("latencyMinutes", latency.minutes());
        r = finite(r, "greenP99MedianMillis", latency.greenMedian());
        r = finite(r, "blueP99MedianMillis", latency.blueMedian());
        r = finite(r, "latencyShiftMillis", latency.shift());
        r = finite(r, "latencyShiftLowMillis", latency.low());
        r = finite(r, "latencyShiftHighMillis", latency.high());
        r = finite(r, "latencyPValue", latency.pValue());
        r = finite(r, "latencyAlpha", latency.alphaAtLook());
        r = r.limit("errorRateMarginPoints", settings.errorRateMargin()).limit("minRequests", settings.minRequests())
                .limit("confidencePercent", 100 * settings.confidence())
                .limit("latencyMarginPercent", settings.latencyMarginPercent())
                .limit("latencyFloorMillis", settings.latencyFloorMillis());
        return finite(r, "latencyAllowedMillis", latency.allowed(), true);
    }

    private static GateResult finite(GateResult result, String name, double value) {
        return finite(result, name, value, false);
    }

    /** Evidence is stored as JSON: only finite numbers, the rest is simply not known yet. */
    private static GateResult finite(GateResult result, String name, double value, boolean limit) {
        if (!Double.isFinite(value)) {
            return result;
        }
        return limit ? result.limit(name, value) : result.measured(name, value);
    }

    private static String percent(double fraction) {
        return Double.isNaN(fraction) ? "n/a" : Percentages.format(100 * fraction) + "%";
    }

    private static String points(double fraction) {
        double points = 100 * fraction;
        return (points >= 0 ? "+" : "") + Percentages.format(points);
    }

    private static String signedMillis(double millis) {
        return (millis >= 0 ? "+" : "-") + MetricGates.millis(Math.abs(millis));
    }
}
