package dev.ecscanary.engine;

import java.time.Duration;

/**
 * How the engine paces itself. Polls of something that will change (a stack) back off with the
 * time already waited: every {@code pollFraction} of it, within {@code pollMin..pollMax}, so short
 * waits are noticed quickly and long ones cost few calls. Route53 changes are looked at by the
 * time they are expected to be in sync ({@link #firstSyncPoll}).
 *
 * @param leaseDuration         how long a driver's claim lasts without renewal; a dead driver's
 *                              deployment can be resumed after this
 * @param maxConsecutiveErrors  unexpected errors in a row before failing back
 * @param greenPollInterval     polling fallback while waiting for green's task events
 * @param approvalPollInterval  how often a pending approval is looked at
 * @param retryMax              the longest wait between retries after errors
 */
public record EngineSettings(
        Duration leaseDuration,
        int maxConsecutiveErrors,
        Duration pollMin,
        Duration pollMax,
        double pollFraction,
        Duration greenPollInterval,
        Duration approvalPollInterval,
        Duration retryMax) {

    public static final EngineSettings DEFAULTS = new EngineSettings(Duration.ofSeconds(60), 3, Duration.ofSeconds(1),
            Duration.ofSeconds(15), 0.1, Duration.ofSeconds(15), Duration.ofSeconds(5), Duration.ofSeconds(30));

    public EngineSettings {
        if (leaseDuration.compareTo(Duration.ofSeconds(2)) < 0) {
            throw new IllegalArgumentException("leaseDuration must be at least 2s, was " + leaseDuration);
        }
        if (maxConsecutiveErrors < 1) {
            throw new IllegalArgumentException("maxConsecutiveErrors must be at least 1, was " + maxConsecutiveErrors);
        }
        if (!(pollFraction > 0 && pollFraction <= 1)) {
            throw new IllegalArgumentException("pollFraction must be within (0, 1], was " + pollFraction);
        }
    }

    /** The next poll of something that has been pending for {@code waited}. */
    public Duration pollAfter(Duration waited) {
        long millis = (long) (waited.toMillis() * pollFraction);
        return clamp(Duration.ofMillis(millis), pollMin, pollMax);
    }

    /**
     * When to look at a submitted Route53 change first: Route53 takes about the spec's expected
     * propagation to report INSYNC, and every look before that only spends the account's request
     * budget, which all deployments share. Three quarters of it, then every {@link #syncPoll}.
     */
    public Duration firstSyncPoll(Duration propagation) {
        Duration first = propagation.multipliedBy(3).dividedBy(4);
        return first.compareTo(pollMin) < 0 ? pollMin : first;
    }

    /** How often to look at a Route53 change still pending: a quarter of the expected propagation. */
    public Duration syncPoll(Duration propagation) {
        return clamp(propagation.dividedBy(4), pollMin, pollMax);
    }

    /** The wait after the {@code attempt}-th failure in a row: 1 s, 2 s, 4 s … up to retryMax. */
    public Duration retryAfter(int attempt) {
        long seconds = 1L << Math.min(Math.max(attempt - 1, 0), 20);
        return clamp(Duration.ofSeconds(seconds), Duration.ofSeconds(1), retryMax);
    }

    private static Duration clamp(Duration value, Duration min, Duration max) {
        return value.compareTo(min) < 0 ? min : value.compareTo(max) > 0 ? max : value;
    }
}
