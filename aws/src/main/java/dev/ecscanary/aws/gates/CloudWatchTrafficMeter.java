package dev.ecscanary.aws.gates;

import dev.ecscanary.port.TrafficMeter;
import dev.ecscanary.spec.ServiceSide;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;

/**
 * A side's traffic from its load balancer's CloudWatch metrics (AWS/ApplicationELB RequestCount and
 * NewConnectionCount, one-minute sums). CloudWatch publishes no point for a minute without
 * requests, so such a minute is there with zeros.
 */
public final class CloudWatchTrafficMeter implements TrafficMeter {

    private final AlbMetrics metrics;

    public CloudWatchTrafficMeter(CloudWatchClient cloudWatch) {
        this(new CloudWatchAlbMetrics(Objects.requireNonNull(cloudWatch, "cloudWatch")));
    }

    CloudWatchTrafficMeter(AlbMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public List<MinuteTraffic> perMinute(ServiceSide side, Instant from, Instant to) {
        String loadBalancer = LoadBalancers.dimensionOf(side, side == null ? "side" : side.service(), "drain");
        MetricWindow window = new MetricWindow(from.truncatedTo(ChronoUnit.MINUTES), ceilToMinute(to));
        if (window.isEmpty()) {
            return List.of();
        }
        Map<Instant, Long> requests = metrics.requestsPerMinute(loadBalancer, window);
        Map<Instant, Long> connections = metrics.newConnectionsPerMinute(loadBalancer, window);
        List<MinuteTraffic> minutes = new ArrayList<>();
        for (Instant minute : window.minutes()) {
            minutes.add(new MinuteTraffic(minute, requests.getOrDefault(minute, 0L),
                    connections.getOrDefault(minute, 0L)));
        }
        return minutes;
    }

    private static Instant ceilToMinute(Instant instant) {
        Instant floor = instant.truncatedTo(ChronoUnit.MINUTES);
        return floor.equals(instant) ? floor : floor.plus(1, ChronoUnit.MINUTES);
    }
}
