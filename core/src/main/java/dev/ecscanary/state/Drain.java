package dev.ecscanary.state;

import dev.ecscanary.spec.DrainSpec;
import java.time.Duration;
import java.time.Instant;

/**
 * The drain check of a deployment whose outcome is decided: the drained side is watched from
 * {@code since} (when Route53 served the change that gave it weight 0) for {@code window}.
 *
 * @param drainedSide {@code blue} after a promotion, {@code green} after a fail-back
 * @param outcome     PROMOTED or ROLLED_BACK: what the deployment ends as, whatever the check finds
 * @param ttl         the records' TTL: clients that still come twice that long after the change are stale
 * @param result      null while the check runs
 */
public record Drain(String drainedSide, Phase outcome, Instant since, Duration window, Duration ttl,
                    double maxSharePercent, DrainResult result) {

    public Instant windowEnd() {
        return since.plus(window);
    }

    /** When the window's last minute can be read: the check ends then. */
    public Instant readyAt() {
        return windowEnd().plus(DrainSpec.PUBLICATION_DELAY);
    }

    public Drain withResult(DrainResult value) {
        return new Drain(drainedSide, outcome, since, window, ttl, maxSharePercent, value);
    }
}
