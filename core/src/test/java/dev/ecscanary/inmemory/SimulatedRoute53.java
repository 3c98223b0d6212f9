package dev.ecscanary.inmemory;

import dev.ecscanary.port.TrafficRouter;
import dev.ecscanary.port.WeightsDriftedException;
import dev.ecscanary.spec.DnsSpec;
import dev.ecscanary.spec.Weights;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Route53 weighted records in memory: a change applies at once (as in Route53, where the API
 * answers with the new records) and reports INSYNC after the propagation delay of virtual time.
 * Records are kept per hosted zone and name, so many deployments can share one simulation.
 */
public final class SimulatedRoute53 implements TrafficRouter {

    private final InstantSource clock;
    private final Duration propagation;
    private final Duration ttl;
    private final Map<String, Weights> records = new ConcurrentHashMap<>();
    private final Map<String, Instant> changeInSyncAt = new ConcurrentHashMap<>();
    private final List<Weights> writes = new CopyOnWriteArrayList<>();
    private final List<Written> written = new CopyOnWriteArrayList<>();
    private final AtomicLong changes = new AtomicLong();
    private final AtomicLong reads = new AtomicLong();
    private final List<Instant> syncLooks = new CopyOnWriteArrayList<>();

    public SimulatedRoute53(InstantSource clock, Duration propagation, Duration ttl) {
        this.clock = clock;
        this.propagation = propagation;
        this.ttl = ttl;
    }

    @Override
    public Weights currentWeights(DnsSpec dns) {
        reads.incrementAndGet();
        return records.getOrDefault(key(dns), Weights.ALL_BLUE);
    }

    /** A compare-and-swap, as Route53 applies a batch of DELETE (as expected) and CREATE (as next). */
    @Override
    public synchronized String setWeights(DnsSpec dns, Weights expected, Weights weights) {
        Weights found = records.getOrDefault(key(dns), Weights.ALL_BLUE);
        if (!found.equals(expected)) {
            throw new WeightsDriftedException(dns.recordName(), expected, found);
        }
        records.put(key(dns), weights);
        writes.add(weights);
        written.add(new Written(clock.instant(), weights));
        String id = "C" + changes.incrementAndGet();
        changeInSyncAt.put(id, clock.instant().plus(propagation));
        return id;
    }

    @Override
    public boolean isInSync(String changeId) {
        syncLooks.add(clock.instant());
        Instant inSyncAt = changeInSyncAt.get(changeId);
        if (inSyncAt == null) {
            throw new IllegalArgumentException("no such change: " + changeId);
        }
        return !clock.instant().isBefore(inSyncAt);
    }

    @Override
    public Duration ttl(DnsSpec dns) {
        return ttl;
    }

    /** Sets the records as if someone changed them outside any deployment. */
    public synchronized void put(DnsSpec dns, Weights weights) {
        records.put(key(dns), weights);
    }

    /** How often the weights were read on their own (a swap's read not counted). */
    public long reads() {
        return reads.get();
    }

    /** When the engine asked whether a change was in sync, in order. */
    public List<Instant> syncLooks() {
        return List.copyOf(syncLooks);
    }

    /** A weight change and when it was made. */
    public record Written(Instant at, Weights weights) {
    }

    /** Every weight change with its time, in order. */
    public List<Written> written() {
        return List.copyOf(written);
    }

    /** Every weight change, in order. */
    public List<Weights> writes() {
        return List.copyOf(writes);
    }

    public Duration propagation() {
        return propagation;
    }

    private static String key(DnsSpec dns) {
        return dns.hostedZoneId() + "/" + dns.recordName();
    }
}
