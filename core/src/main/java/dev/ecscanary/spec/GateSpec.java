package dev.ecscanary.spec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.annotation.JsonTypeName;
import com.fasterxml.jackson.annotation.JsonValue;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * A health gate checked throughout each bake. Every gate has a name (unique in the spec; the type
 * by default), an evaluation interval, and the number of consecutive failures that fail the step.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(GateSpec.TargetHealth.class),
    @JsonSubTypes.Type(GateSpec.Alarms.class),
    @JsonSubTypes.Type(GateSpec.MetricThreshold.class),
    @JsonSubTypes.Type(GateSpec.CompareToBlue.class),
    @JsonSubTypes.Type(GateSpec.TrafficShare.class)
})
@JsonInclude(JsonInclude.Include.NON_NULL)
public sealed interface GateSpec {

    Duration DEFAULT_INTERVAL = Duration.ofSeconds(30);
    Duration DEFAULT_WINDOW = Duration.ofMinutes(5);

    String name();

    Duration interval();

    Integer failureThreshold();

    String type();

    private static String nameOr(String name, String type) {
        return name == null ? type : name;
    }

    private static Duration intervalOr(Duration interval) {
        return interval == null ? DEFAULT_INTERVAL : interval;
    }

    private static Integer thresholdOr(Integer threshold) {
        return threshold == null ? 1 : threshold;
    }

    /** Every target of the green target group healthy, and at least {@code minHealthy} of them. */
    @JsonTypeName("targetHealth")
    record TargetHealth(String name, Duration interval, Integer failureThreshold, String targetGroup, Integer minHealthy)
            implements GateSpec {
        public TargetHealth {
            name = nameOr(name, "targetHealth");
            interval = intervalOr(interval);
            failureThreshold = thresholdOr(failureThreshold);
            minHealthy = minHealthy == null ? 1 : minHealthy;
        }

        @Override
        public String type() {
            return "targetHealth";
        }
    }

    /** Fails while any of the named CloudWatch alarms is in ALARM. */
    @JsonTypeName("alarms")
    record Alarms(String name, Duration interval, Integer failureThreshold, List<String> alarms) implements GateSpec {
        public Alarms {
            name = nameOr(name, "alarms");
            interval = intervalOr(interval);
            failureThreshold = thresholdOr(failureThreshold);
            alarms = Lists.copyAllowingNulls(alarms);
        }

        @Override
        public String type() {
            return "alarms";
        }
    }

    /** Green's own error rate or p99 latency over a window, against a fixed limit. */
    @JsonTypeName("metricThreshold")
    record MetricThreshold(String name, Duration interval, Integer failureThreshold, Metric metric, Double max,
                           Duration window, Integer minRequests) implements GateSpec {
        public MetricThreshold {
            name = nameOr(name, metric == null ? "metricThreshold" : metric.yamlName());
            interval = intervalOr(interval);
            failureThreshold = thresholdOr(failureThreshold);
            window = window == null ? DEFAULT_WINDOW : window;
            minRequests = minRequests == null ? 50 : minRequests;
        }

        @Override
        public String type() {
            return "metricThreshold";
        }
    }

    /**
     * Green not worse than blue over the same minutes of the bake so far: its error rate by more
     * than {@code errorRateMargin} percentage points, its per-minute p99 latency by more than the
     * larger of {@code latencyFloorMillis} and {@code latencyMarginPercent} of blue's. Judged by
     * {@code dev.ecscanary.judge}: an anytime-valid confidence sequence for the error rates, a
     * Mann-Whitney comparison of the minutes (after {@code warmup}) for latency, both at
     * {@code confidence}; green can PASS only once it served {@code minRequests}.
     */
    @JsonTypeName("compareToBlue")
    record CompareToBlue(String name, Duration interval, Integer failureThreshold, Double errorRateMargin,
                         Double latencyMarginPercent, Integer minRequests, Duration window, Double confidence,
                         Double latencyFloorMillis, Duration warmup) implements GateSpec {

        /** Evidence accumulates over the whole bake: the window reaches back to its start. */
        public static final Duration WHOLE_BAKE = Duration.ofHours(24);

        public CompareToBlue {
            name = nameOr(name, "compareToBlue");
            interval = intervalOr(interval);
            failureThreshold = thresholdOr(failureThreshold);
            errorRateMargin = errorRateMargin == null ? 1.0 : errorRateMargin;
            latencyMarginPercent = latencyMarginPercent == null ? 20.0 : latencyMarginPercent;
            minRequests = minRequests == null ? 1000 : minRequests;
            window = window == null ? WHOLE_BAKE : window;
            confidence = confidence == null ? 0.98 : confidence;
            latencyFloorMillis = latencyFloorMillis == null ? 10.0 : latencyFloorMillis;
            warmup = warmup == null ? Duration.ofMinutes(1) : warmup;
        }

        /** As people write it: errorRateMargin and the latency margin as before, everything else by default. */
        public CompareToBlue(String name, Duration interval, Integer failureThreshold, Double errorRateMargin,
                             Double latencyMarginPercent, Integer minRequests, Duration window) {
            this(name, interval, failureThreshold, errorRateMargin, latencyMarginPercent, minRequests, window, null,
                    null, null);
        }

        @Override
        public String type() {
            return "compareToBlue";
        }
    }

    /**
     * The share of requests green really receives, against the intended weight, within
     * {@code tolerance} percentage points: resolvers that ignore the TTL show up here. Judged on an
     * interval estimated from the minutes of its {@code window} (at least two), so the window is
     * longer than other gates' by default.
     */
    @JsonTypeName("trafficShare")
    record TrafficShare(String name, Duration interval, Integer failureThreshold, Double tolerance,
                        Integer minRequests, Duration window) implements GateSpec {
        public TrafficShare {
            name = nameOr(name, "trafficShare");
            interval = intervalOr(interval);
            failureThreshold = thresholdOr(failureThreshold);
            tolerance = tolerance == null ? 10.0 : tolerance;
            minRequests = minRequests == null ? 100 : minRequests;
            window = window == null ? DEFAULT_WINDOW : window;
        }

        public static final Duration DEFAULT_WINDOW = Duration.ofMinutes(5);
        /**
         * The interval needs the spread between minutes, two at least, and the window's last minute
         * is still filling (CloudWatch has not published it): three.
         */
        public static final Duration MIN_WINDOW = Duration.ofMinutes(3);

        @Override
        public String type() {
            return "trafficShare";
        }
    }

    enum Metric {
        /** Percentage of green's requests answered with a 5xx, by its targets or by its load balancer for them. */
        ERROR_RATE,
        /** p99 of TargetResponseTime, in milliseconds. */
        LATENCY_P99;

        @JsonCreator
        public static Metric parse(String text) {
            return switch (text.trim().toLowerCase(Locale.ROOT)) {
                case "errorrate", "error_rate" -> ERROR_RATE;
                case "latencyp99", "latency_p99", "p99latency" -> LATENCY_P99;
                default -> throw new IllegalArgumentException(
                        "unknown metric '" + text + "' (known: errorRate, latencyP99)");
            };
        }

        @JsonValue
        public String yamlName() {
            return this == ERROR_RATE ? "errorRate" : "latencyP99";
        }
    }
}
