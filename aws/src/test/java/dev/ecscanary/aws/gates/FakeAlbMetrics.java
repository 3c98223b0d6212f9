package dev.ecscanary.aws.gates;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/** Load balancer metrics as a test sets them, and the windows the gates asked about. */
final class FakeAlbMetrics implements AlbMetrics {

    private final Map<String, AlbCounts> counts = new HashMap<>();
    private final Map<String, Double> p99 = new HashMap<>();
    final List<MetricWindow> windowsAsked = new ArrayList<>();

    FakeAlbMetrics counts(String loadBalancer, long requests, long errors) {
        counts.put(loadBalancer, new AlbCounts(requests, errors));
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
    public OptionalDouble latencyP99Millis(String loadBalancer, MetricWindow window) {
        windowsAsked.add(window);
        Double value = p99.get(loadBalancer);
        return value == null ? OptionalDouble.empty() : OptionalDouble.of(value);
    }
}
