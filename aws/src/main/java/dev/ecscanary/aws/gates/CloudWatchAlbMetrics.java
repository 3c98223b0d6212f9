package dev.ecscanary.aws.gates;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.TreeMap;
import java.util.function.BinaryOperator;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataResponse;
import software.amazon.awssdk.services.cloudwatch.model.MessageData;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataQuery;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataResult;
import software.amazon.awssdk.services.cloudwatch.model.StatusCode;

/**
 * ALB metrics from CloudWatch's GetMetricData, with one period spanning the whole window: the sums
 * are then the window's, and the p99 is computed by CloudWatch over every request of the window
 * (per-minute percentiles cannot be combined into one).
 */
final class CloudWatchAlbMetrics implements AlbMetrics {

    static final String NAMESPACE = "AWS/ApplicationELB";
    static final int MINUTE_SECONDS = 60;

    private final CloudWatchClient cloudWatch;

    CloudWatchAlbMetrics(CloudWatchClient cloudWatch) {
        this.cloudWatch = Objects.requireNonNull(cloudWatch, "cloudWatch");
    }

    @Override
    public AlbCounts counts(String loadBalancer, MetricWindow window) {
        Map<String, List<Double>> values = query(loadBalancer, window,
                metric("requests", loadBalancer, "RequestCount", "Sum", window),
                metric("targetErrors", loadBalancer, "HTTPCode_Target_5XX_Count", "Sum", window),
                metric("balancerErrors", loadBalancer, "HTTPCode_ELB_5XX_Count", "Sum", window));
        return new AlbCounts(sum(values.get("requests")),
                sum(values.get("targetErrors")) + sum(values.get("balancerErrors")));
    }

    @Override
    public Map<Instant, Long> requestsPerMinute(String loadBalancer, MetricWindow window) {
        return sumsPerMinute(loadBalancer, window, "RequestCount");
    }

    @Override
    public Map<Instant, Long> newConnectionsPerMinute(String loadBalancer, MetricWindow window) {
        return sumsPerMinute(loadBalancer, window, "NewConnectionCount");
    }

    private Map<Instant, Long> sumsPerMinute(String loadBalancer, MetricWindow window, String metric) {
        Map<Instant, Long> sums = new TreeMap<>();
        perMinute(points(loadBalancer, window, perMinute("sum", loadBalancer, metric, "Sum")).get("sum"), Double::sum)
                .forEach((minute, value) -> sums.put(minute, Math.round(value)));
        return sums;
    }

    @Override
    public Map<Instant, AlbCounts> countsPerMinute(String loadBalancer, MetricWindow window) {
        Map<String, List<Point>> points = points(loadBalancer, window,
                perMinute("requests", loadBalancer, "RequestCount", "Sum"),
                perMinute("targetErrors", loadBalancer, "HTTPCode_Target_5XX_Count", "Sum"),
                perMinute("balancerErrors", loadBalancer, "HTTPCode_ELB_5XX_Count", "Sum"));
        Map<Instant, Double> errors = new TreeMap<>(perMinute(points.get("targetErrors"), Double::sum));
        perMinute(points.get("balancerErrors"), Double::sum).forEach((minute, value) -> errors.merge(minute, value,
                Double::sum));
        Map<Instant, AlbCounts> counts = new TreeMap<>();
        perMinute(points.get("requests"), Double::sum).forEach((minute, requests) -> counts.put(minute,
                new AlbCounts(Math.round(requests), Math.min(Math.round(requests),
                        Math.round(errors.getOrDefault(minute, 0.0))))));
        return counts;
    }

    @Override
    public Map<Instant, Double> latencyP99PerMinuteMillis(String loadBalancer, MetricWindow window) {
        Map<Instant, Double> millis = new TreeMap<>();
        perMinute(points(loadBalancer, window, perMinute("p99", loadBalancer, "TargetResponseTime", "p99"))
                .get("p99"), Math::max).forEach((minute, seconds) -> millis.put(minute, seconds * 1000));
        return millis;
    }

    private static MetricDataQuery perMinute(String id, String loadBalancer, String name, String stat) {
        return MetricDataQuery.builder().id(id).returnData(true)
                .metricStat(s -> s.stat(stat).period(MINUTE_SECONDS).metric(m -> m.namespace(NAMESPACE)
                        .metricName(name)
                        .dimensions(Dimension.builder().name("LoadBalancer").value(loadBalancer).build())))
                .build();
    }

    /** Values by the minute they fall in (CloudWatch's one-minute periods start on the minute). */
    private static Map<Instant, Double> perMinute(List<Point> points, BinaryOperator<Double> combine) {
        Map<Instant, Double> byMinute = new TreeMap<>();
        for (Point point : points) {
            byMinute.merge(point.at().truncatedTo(ChronoUnit.MINUTES), point.value(), combine);
        }
        return byMinute;
    }

    @Override
    public OptionalDouble latencyP99Millis(String loadBalancer, MetricWindow window) {
        List<Double> seconds = query(loadBalancer, window,
                metric("p99", loadBalancer, "TargetResponseTime", "p99", window)).get("p99");
        // One period, so at most one value; should CloudWatch split it, the worst one counts.
        return seconds.stream().mapToDouble(Double::doubleValue).max().stream().map(s -> s * 1000).findFirst();
    }

    private Map<String, List<Double>> query(String loadBalancer, MetricWindow window, MetricDataQuery... queries) {
        Map<String, List<Double>> values = new HashMap<>();
        points(loadBalancer, window, queries).forEach((id, points) ->
                values.put(id, points.stream().map(Point::value).toList()));
        return values;
    }

    private record Point(Instant at, double value) {
    }

    private Map<String, List<Point>> points(String loadBalancer, MetricWindow window, MetricDataQuery... queries) {
        return GateCalls.call("CloudWatch GetMetricData of load balancer " + loadBalancer,
                () -> pointsUnexplained(loadBalancer, window, queries));
    }

    private Map<String, List<Point>> pointsUnexplained(String loadBalancer, MetricWindow window,
                                                       MetricDataQuery... queries) {
        Map<String, List<Point>> values = new HashMap<>();
        for (GetMetricDataResponse page : cloudWatch.getMetricDataPaginator(r -> r.startTime(window.start())
                .endTime(window.end()).metricDataQueries(queries))) {
            for (MetricDataResult result : page.metricDataResults()) {
                if (result.id() == null) {
                    throw new IllegalStateException("GetMetricData answered a result without an id for " + loadBalancer);
                }
                if (result.statusCode() == StatusCode.INTERNAL_ERROR || result.statusCode() == StatusCode.FORBIDDEN) {
                    throw new IllegalStateException("CloudWatch could not compute " + result.id() + " of load balancer "
                            + loadBalancer + ": " + result.statusCodeAsString() + describe(result.messages()));
                }
                if (result.timestamps().size() != result.values().size()) {
                    throw new IllegalStateException("GetMetricData answered " + result.values().size() + " values but "
                            + result.timestamps().size() + " timestamps for " + result.id() + " of load balancer "
                            + loadBalancer);
                }
                List<Point> points = values.computeIfAbsent(result.id(), id -> new ArrayList<>());
                for (int i = 0; i < result.values().size(); i++) {
                    points.add(new Point(result.timestamps().get(i), result.values().get(i)));
                }
            }
        }
        List<String> missing = Arrays.stream(queries).map(MetricDataQuery::id).filter(id -> !values.containsKey(id))
                .toList();
        if (!missing.isEmpty()) {
            throw new IllegalStateException("GetMetricData answered no result for " + missing + " of load balancer "
                    + loadBalancer);
        }
        return values;
    }

    private static MetricDataQuery metric(String id, String loadBalancer, String name, String stat,
                                          MetricWindow window) {
        return MetricDataQuery.builder()
                .id(id)
                .returnData(true)
                .metricStat(s -> s.stat(stat).period(window.periodSeconds()).metric(m -> m
                        .namespace(NAMESPACE)
                        .metricName(name)
                        .dimensions(Dimension.builder().name("LoadBalancer").value(loadBalancer).build())))
                .build();
    }

    private static long sum(List<Double> values) {
        return Math.round(values.stream().mapToDouble(Double::doubleValue).sum());
    }

    private static String describe(List<MessageData> messages) {
        return messages.isEmpty() ? "" : " (" + messages.stream().map(m -> m.code() + ": " + m.value())
                .collect(Collectors.joining("; ")) + ")";
    }
}
