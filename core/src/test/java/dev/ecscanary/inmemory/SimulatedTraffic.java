package dev.ecscanary.inmemory;

import dev.ecscanary.port.TrafficMeter;
import dev.ecscanary.spec.ServiceSide;
import dev.ecscanary.spec.Weights;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * Clients in memory: each minute {@code requestsPerMinute} requests split as the weights Route53
 * held at the minute's start, one new connection per ten requests. A side that had traffic and now
 * has weight 0 keeps {@code staleSharePercent} of the requests (clients that ignore the TTL), with
 * {@code staleNewConnections} new connections a minute (0: only kept-alive connections).
 */
public final class SimulatedTraffic implements TrafficMeter {

    private final SimulatedRoute53 route53;
    private final String blueService;
    private final long requestsPerMinute;
    private final double staleSharePercent;
    private final long staleNewConnections;
    private volatile RuntimeException failure;

    public SimulatedTraffic(SimulatedRoute53 route53, String blueService, long requestsPerMinute,
                            double staleSharePercent, long staleNewConnections) {
        this.route53 = route53;
        this.blueService = blueService;
        this.requestsPerMinute = requestsPerMinute;
        this.staleSharePercent = staleSharePercent;
        this.staleNewConnections = staleNewConnections;
    }

    /** Every read fails with {@code value} from now on (null: reads work again). */
    public void failWith(RuntimeException value) {
        failure = value;
    }

    @Override
    public List<MinuteTraffic> perMinute(ServiceSide side, Instant from, Instant to) {
        if (failure != null) {
            throw failure;
        }
        boolean blue = side.service().equals(blueService);
        List<MinuteTraffic> minutes = new ArrayList<>();
        for (Instant m = from.truncatedTo(ChronoUnit.MINUTES); m.isBefore(to); m = m.plus(1, ChronoUnit.MINUTES)) {
            double share = share(blue, m);
            long requests = Math.round(requestsPerMinute * share / 100);
            boolean stale = share > 0 && intended(blue, m) == 0;
            minutes.add(new MinuteTraffic(m, requests, stale ? staleNewConnections : requests / 10));
        }
        return minutes;
    }

    /** The intended share, but a side drained of traffic it had keeps the stale share (from the other side). */
    private double share(boolean blue, Instant minute) {
        if (intended(blue, minute) == 0 && hadTrafficBefore(blue, minute)) {
            return staleSharePercent;
        }
        if (intended(!blue, minute) == 0 && hadTrafficBefore(!blue, minute)) {
            return 100 - staleSharePercent;
        }
        return intended(blue, minute);
    }

    private double intended(boolean blue, Instant minute) {
        Weights weights = Weights.ALL_BLUE;
        for (SimulatedRoute53.Written w : route53.written()) {
            if (!w.at().isAfter(minute)) {
                weights = w.weights();
            }
        }
        return blue ? 100 - weights.greenPercent() : weights.greenPercent();
    }

    private boolean hadTrafficBefore(boolean blue, Instant minute) {
        if (blue) {
            return true;
        }
        return route53.written().stream().anyMatch(w -> w.at().isBefore(minute) && w.weights().green() > 0);
    }
}
