package dev.ecscanary.port;

import dev.ecscanary.spec.DnsSpec;
import dev.ecscanary.spec.Weights;
import java.time.Duration;

/** The two weighted records: read them, change both in one atomic change, tell when it is live. */
public interface TrafficRouter {

    Weights currentWeights(DnsSpec dns);

    /**
     * Sets both records to {@code next} in one change (never one record at a time) that applies only
     * if they still hold {@code expected}: a compare-and-swap, so that a weight someone else wrote is
     * never overwritten. Returns the change id to follow with {@link #isInSync}. Setting the weights
     * they already have is harmless.
     *
     * @throws WeightsDriftedException when the records hold other weights than {@code expected};
     *         nothing is written
     */
    String setWeights(DnsSpec dns, Weights expected, Weights next);

    /** Whether every authoritative server answers with the change. */
    boolean isInSync(String changeId);

    /** How long resolvers may cache the records: their TTL, or 60 s for alias records. */
    Duration ttl(DnsSpec dns);
}
