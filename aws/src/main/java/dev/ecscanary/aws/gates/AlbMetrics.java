package dev.ecscanary.aws.gates;

import java.time.Instant;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * An Application Load Balancer's CloudWatch metrics over a window, for the metric gates. A load
 * balancer is named by its CloudWatch dimension, {@code app/<name>/<id>}.
 */
interface AlbMetrics {

    /** Requests and target 5xx; none published (no traffic) counts as zero. */
    AlbCounts counts(String loadBalancer, MetricWindow window);

    /**
     * RequestCount of each minute of the window, by the minute's start; CloudWatch publishes no point
     * for a minute without requests, so an absent minute had none.
     */
    Map<Instant, Long> requestsPerMinute(String loadBalancer, MetricWindow window);

    /** NewConnectionCount of each minute of the window, by the minute's start; an absent minute had none. */
    Map<Instant, Long> newConnectionsPerMinute(String loadBalancer, MetricWindow window);

    /** Requests and 5xx of each minute of the window with requests, by the minute's start. */
    Map<Instant, AlbCounts> countsPerMinute(String loadBalancer, MetricWindow window);

    /** The p99 of TargetResponseTime in milliseconds of each minute of the window with requests. */
    Map<Instant, Double> latencyP99PerMinuteMillis(String loadBalancer, MetricWindow window);

    /** The p99 of TargetResponseTime in milliseconds; empty when no request reached a target. */
    OptionalDouble latencyP99Millis(String loadBalancer, MetricWindow window);
}
