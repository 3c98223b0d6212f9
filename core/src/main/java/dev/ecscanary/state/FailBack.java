package dev.ecscanary.state;

import java.time.Instant;

/**
 * Why and since when a deployment is failing back.
 *
 * @param attempts failed attempts at setting blue 100 / green 0, for the retry backoff
 * @param overdue  the fail-back deadline passed without Route53 confirming: a person must look
 */
public record FailBack(Trigger trigger, String reason, Instant since, int attempts, boolean overdue) {

    public enum Trigger {
        GATE_FAILED, REJECTED, TIMEOUT, ABORTED, ERROR, STACK_FAILED, PRECONDITION,
        /** The records held other weights than the deployment wrote. */
        DRIFT
    }

    public FailBack withFailedAttempt() {
        return new FailBack(trigger, reason, since, attempts + 1, overdue);
    }

    public FailBack asOverdue() {
        return new FailBack(trigger, reason, since, attempts, true);
    }
}
