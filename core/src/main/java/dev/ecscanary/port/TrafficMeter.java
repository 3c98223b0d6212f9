package dev.ecscanary.port;

import dev.ecscanary.spec.ServiceSide;
import java.time.Instant;
import java.util.List;

/**
 * What clients really send to a side's load balancer, a minute at a time: requests, and the
 * connections they opened (ALB RequestCount and NewConnectionCount). Weighted DNS is a request to
 * resolvers, not an order; this is how the engine sees what they did.
 */
public interface TrafficMeter {

    /** Measures nothing: the drain check is skipped, and says so. */
    TrafficMeter NONE = new TrafficMeter() {
        @Override
        public boolean canMeasure() {
            return false;
        }

        @Override
        public List<MinuteTraffic> perMinute(ServiceSide side, Instant from, Instant to) {
            return List.of();
        }
    };

    default boolean canMeasure() {
        return true;
    }

    /**
     * Every minute of {@code [from, to)} (whole minutes, by their start, in order); a minute in which
     * nothing reached the load balancer is there with zeros.
     */
    List<MinuteTraffic> perMinute(ServiceSide side, Instant from, Instant to);

    record MinuteTraffic(Instant minute, long requests, long newConnections) {
    }
}
