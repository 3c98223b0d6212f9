package dev.ecscanary.aws.gates;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;

/** Load balancer metrics as a test sets them, and the windows the gates asked about. */
final class FakeAlbMetrics implements AlbMetrics {

    private final Map<String, AlbCounts> counts = new HashMap<>();
    private final Map<String, Double> p99 = new HashMap<>();
    private final Map<String, Map<Instant, Long>> perMinute = new HashMap<>();
    private final Map<String, Map<Instant, AlbCounts>> countsPerMinute = new HashMap<>();
    private final Map<String, Map<Instant, Double>> p99PerMinute = new HashMap<>();
    final List<MetricWindow> windowsAsked = new ArrayList<>();

    FakeAlbMetrics counts(String loadBalancer, long requests, long errors) {
        counts.put(loadBalancer, new AlbCounts(requests, errors));
        return this;
    }

    /** Requests of consecutive minutes from {@code first}. */
    FakeAlbMetrics requestsPerMinute(String loadBalancer, Instant first, long... requests) {
        Map<Instant, Long> minutes = new TreeMap<>();
        for (int i = 0; i < requests.length; i++) {
            minutes.put(first.plusSeconds(60L * i), requests[i]);
        }
        perMinute.put(loadBalancer, minutes);
        return this;
    }

    /** The same requests, errors and p99 in each of {@code minutes} consecutive minutes from {@code first}. */
    FakeAlbMetrics minutes(String loadBalancer, Instant first, int minutes, long requests, long errors, Double p99) {
        for (int i = 0; i < minutes; i++) {
            minute(loadBalancer, first.plusSeconds(60L * i), requests, errors, p99);
        }
        return this;
    }

    FakeAlbMetrics minute(String loadBalancer, Instant minute, long requests, long errors, Double p99) {
        countsPerMinute.computeIfAbsent(loadBalancer, lb -> new TreeMap<>()).put(minute, new AlbCounts(requests, errors));
        if (p99 != null) {
            p99PerMinute.computeIfAbsent(loadBalancer, lb -> new TreeMap<>()).put(minute, p99);
        }
        return this;
    }

    FakeAlbMetrics p99(String loadBalancer, double millis) {
        p99.put(loadBalancer, millis);
        return this;
    }

    @Override
    public AlbCounts counts(String loadBalancer, MetricWindow window) {
        windowsAsked.add(window);
        return counts.getOrDefault(loadBalancer, new AlbCounts(0, 0));
    }

    @Override
    public Map<Instant, Long> requestsPerMinute(String loadBalancer, MetricWindow window) {
        windowsAsked.add(window);
        return perMinute.getOrDefault(loadBalancer, Map.of());
    }

    /** No connection counts: the traffic share and metric gates do not read them. */
    @Override
    public Map<Instant, Long> newConnectionsPerMinute(String loadBalancer, MetricWindow window) {
        windowsAsked.add(window);
        return Map.of();
    }

    @Override
    public Map<Instant, AlbCounts> countsPerMinute(String loadBalancer, MetricWindow window) {
        windowsAsked.add(window);
        return countsPerMinute.getOrDefault(loadBalancer, Map.of());
    }

    @Override
    public Map<Instant, Double> latencyP99PerMinuteMillis(String loadBalancer, MetricWindow window) {
        windowsAsked.add(window);
        return p99PerMinute.getOrDefault(loadBalancer, Map.of());
    }

    @Override
    public OptionalDouble latencyP99Millis(String loadBalancer, MetricWindow window) {
        windowsAsked.add(window);
        Double value = p99.get(loadBalancer);
        return value == null ? OptionalDouble.empty() : OptionalDouble.of(value);
    }
}
