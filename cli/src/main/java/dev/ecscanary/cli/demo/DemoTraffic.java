package dev.ecscanary.cli.demo;

import dev.ecscanary.aws.AwsClients;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.MetricDatum;
import software.amazon.awssdk.services.cloudwatch.model.StandardUnit;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;

/**
 * The demo's clients, since moto has none: each minute of the demo's clock, the requests and new
 * connections each load balancer would have seen, published to the emulator's CloudWatch as an ALB
 * publishes RequestCount and NewConnectionCount. Clients follow the weighted records as they are in
 * Route53 at the minute's start, give or take a few percent (DNS splits by resolver, not by
 * request); a side whose weight went to 0 keeps a tail of stale clients: a few percent for a minute
 * or two, and whatever share {@link #staleResolvers} says for good (resolvers that ignore the TTL).
 */
public final class DemoTraffic implements AutoCloseable {

    public static final long REQUESTS_PER_MINUTE = 2_400;
    private static final double[] TAIL_PERCENT = {4, 1.5, 0.3};

    private final AwsClients clients;
    private final Map<String, String> setup;
    private final InstantSource clock;
    private final Random noise = new Random(20261201);
    private final Map<String, Instant> drainedSince = new HashMap<>();
    private final Map<String, Long> lastWeight = new HashMap<>();
    private final ScheduledExecutorService publisher = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "demo-clients");
        thread.setDaemon(true);
        return thread;
    });
    private volatile double staleResolversPercent;
    private Instant published;

    /** @param setup the shared setup's outputs: the hosted zone, the record, both load balancers */
    public DemoTraffic(AwsClients clients, Map<String, String> setup, InstantSource clock) {
        this.clients = clients;
        this.setup = setup;
        this.clock = clock;
        this.published = clock.instant().truncatedTo(ChronoUnit.MINUTES);
    }

    /** Starts publishing every minute of the demo's clock as soon as it is over. */
    public DemoTraffic start(Duration look) {
        publisher.scheduleWithFixedDelay(this::publishOverMinutes, 0, look.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    /** From now on, this share of clients stays on a drained side for good: their resolvers ignore the TTL. */
    public void staleResolvers(double percent) {
        staleResolversPercent = percent;
    }

    private synchronized void publishOverMinutes() {
        try {
            Instant now = clock.instant();
            while (!published.plus(1, ChronoUnit.MINUTES).isAfter(now)) {
                publish(published);
                published = published.plus(1, ChronoUnit.MINUTES);
            }
        } catch (RuntimeException e) {
            // The next look tries again: a missed minute reads as no traffic, as with a real ALB outage.
        }
    }

    private void publish(Instant minute) {
        Map<String, Long> weights = weightsBySetIdentifier();
        long total = weights.values().stream().mapToLong(Long::longValue).sum();
        Map<String, Double> shares = new HashMap<>();
        for (Map.Entry<String, Long> side : weights.entrySet()) {
            String id = side.getKey();
            Long before = lastWeight.put(id, side.getValue());
            if (side.getValue() == 0 && before != null && before > 0) {
                drainedSince.put(id, minute);
            } else if (side.getValue() > 0) {
                drainedSince.remove(id);
            }
            shares.put(id, total == 0 ? 0 : 100.0 * side.getValue() / total);
        }
        double stale = 0;
        String staleSide = null;
        for (String id : weights.keySet()) {
            Instant since = drainedSince.get(id);
            if (since != null) {
                int minutes = (int) Duration.between(since, minute).toMinutes();
                double tail = minutes < TAIL_PERCENT.length ? TAIL_PERCENT[minutes] : 0;
                stale = Math.max(tail, staleResolversPercent);
                staleSide = id;
            }
        }
        List<MetricDatum> data = new ArrayList<>();
        for (String id : weights.keySet()) {
            double share = shares.get(id);
            boolean pinned = false;
            if (staleSide != null) {
                share = id.equals(staleSide) ? stale : 100 - stale;
                pinned = id.equals(staleSide) && stale <= TAIL_PERCENT[TAIL_PERCENT.length - 1]
                        && stale > staleResolversPercent;
            }
            double jitter = share > 0 && share < 100 ? 1 + 0.06 * (noise.nextDouble() - 0.5) : 1;
            long requests = Math.round(REQUESTS_PER_MINUTE * share / 100 * jitter);
            // Kept-alive clients of a drained side open no new connections; the others open one per 8 requests.
            long connections = pinned ? 0 : (requests + 7) / 8;
            Dimension lb = Dimension.builder().name("LoadBalancer").value(loadBalancer(id)).build();
            if (requests > 0) {
                data.add(count("RequestCount", lb, minute, requests));
            }
            if (connections > 0) {
                data.add(count("NewConnectionCount", lb, minute, connections));
            }
        }
        if (!data.isEmpty()) {
            clients.cloudWatch().putMetricData(r -> r.namespace("AWS/ApplicationELB").metricData(data));
        }
    }

    private Map<String, Long> weightsBySetIdentifier() {
        Map<String, Long> weights = new HashMap<>();
        for (ResourceRecordSet set : clients.route53().listResourceRecordSets(b -> b
                .hostedZoneId(setup.get("HostedZoneId"))).resourceRecordSets()) {
            if (set.setIdentifier() != null && set.weight() != null) {
                weights.put(set.setIdentifier(), set.weight());
            }
        }
        return weights;
    }

    /** The set identifiers are the sides' names in the setup: blue's record aliases blue's load balancer. */
    private String loadBalancer(String setIdentifier) {
        return setup.get(setIdentifier.equals(setup.get("BlueSetIdentifier")) ? "BlueLoadBalancerFullName"
                : "GreenLoadBalancerFullName");
    }

    private static MetricDatum count(String metric, Dimension lb, Instant minute, long value) {
        return MetricDatum.builder().metricName(metric).dimensions(lb).timestamp(minute).value((double) value)
                .unit(StandardUnit.COUNT).build();
    }

    @Override
    public void close() {
        publisher.shutdownNow();
    }
}
