package dev.ecscanary.state;

import java.time.Instant;
import java.util.List;

/**
 * Whether clients really left the drained side, as its load balancer saw them.
 *
 * @param effectiveAt       DRAINED: the start of the minute from which the drained side's share stayed
 *                          below the limit (the moment the change became effective for clients)
 * @param minutes           minutes measured
 * @param drainedRequests   requests the drained side received in them
 * @param requests          requests both sides received in them
 * @param stale             NOT_DRAINED: what still reaches the drained side after INSYNC and twice the
 *                          TTL; else null
 * @param cutShortBy        who stopped the check before its window was over (an abort); else null
 * @param timeline          each measured minute, for charts
 */
public record DrainResult(Status status, String drainedSide, Instant effectiveAt, int minutes, long drainedRequests,
                          long requests, Stale stale, String message, String cutShortBy, List<DrainMinute> timeline) {

    public DrainResult {
        timeline = timeline == null ? List.of() : List.copyOf(timeline);
    }

    /** A result without measurements: NO_TRAFFIC or UNMEASURED, and why. */
    public static DrainResult unmeasured(Status status, String drainedSide, String message, String cutShortBy) {
        return new DrainResult(status, drainedSide, null, 0, 0, 0, null, message, cutShortBy, List.of());
    }

    public enum Status {
        /** The drained side's share fell below the limit and stayed there. */
        DRAINED,
        /** Clients still reach the drained side at the end of the window. */
        NOT_DRAINED,
        /** No requests reached either side: nothing to verify. */
        NO_TRAFFIC,
        /** The load balancers could not be measured (the reason in the message). */
        UNMEASURED
    }

    /**
     * Requests still reaching the drained side, per minute, from INSYNC + 2 x TTL on, split by whether
     * clients kept opening connections to it (their DNS answers are stale) or only used the ones they
     * had (keep-alive pinning).
     */
    public record Stale(double requestsPerMinute, double sharePercent, double staleDnsRequestsPerMinute,
                        double keepAliveRequestsPerMinute, double newConnectionsPerMinute, int minutes) {
    }

    /** One minute: what the drained side and the other received, and the connections the drained side got. */
    public record DrainMinute(Instant minute, long drainedRequests, long otherRequests, long drainedNewConnections) {
    }
}
