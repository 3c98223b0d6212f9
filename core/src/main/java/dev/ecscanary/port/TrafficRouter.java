package dev.ecscanary.port;

import dev.ecscanary.spec.DnsSpec;
import dev.ecscanary.spec.Weights;
import java.time.Duration;

/** The two weighted records: read them, change both in one atomic change, tell when it is live. */
public interface TrafficRouter {

    Weights currentWeights(DnsSpec dns);

    /**
     * Sets both records in one change (never one record at a time) and returns the change id to
     * follow with {@link #isInSync}. Setting the weights they already have is harmless.
     */
    String setWeights(DnsSpec dns, Weights weights);

    /** Whether every authoritative server answers with the change. */
    boolean isInSync(String changeId);

    /** How long resolvers may cache the records: their TTL, or 60 s for alias records. */
    Duration ttl(DnsSpec dns);
}
