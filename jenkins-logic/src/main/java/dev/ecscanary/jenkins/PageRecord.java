package dev.ecscanary.jenkins;

import dev.ecscanary.state.DeploymentRecord;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What a build's Canary page shows of a deployment, held in memory so that a page view never waits
 * for AWS: the newest record a live step reported or a background read of the state table found,
 * when it was current, and why the last read failed, if it did. Free of Jenkins types.
 */
final class PageRecord {

    /** The table is read again for a page at most this often, and only while the deployment runs. */
    static final Duration REFRESH_EVERY = Duration.ofSeconds(5);

    /**
     * @param record null until anything is known
     * @param asOf   when {@code record} was last known to be current
     * @param error  why the last read of the table failed; null when it did not
     */
    record Shown(@CheckForNull DeploymentRecord record, @CheckForNull Instant asOf, @CheckForNull String error) {

        /** When the record shown was last known to be current, in words ("as of 2026-12-01T12:03:04Z"), or null. */
        @CheckForNull
        String asOfText() {
            return asOf == null ? null : "as of " + DateTimeFormatter.ISO_INSTANT.format(asOf.truncatedTo(ChronoUnit.SECONDS));
        }
    }

    private volatile Shown shown = new Shown(null, null, null);
    private final AtomicBoolean reading = new AtomicBoolean();
    private volatile Instant lastRead = Instant.MIN;

    Shown shown() {
        return shown;
    }

    /**
     * A record from a live step or the build's saved copy: kept if it is at least as new as the shown one.
     *
     * @return whether it is newer than what was shown (then worth saving with the build)
     */
    synchronized boolean offer(DeploymentRecord record, Instant at) {
        Objects.requireNonNull(record, "record");
        DeploymentRecord current = shown.record;
        if (current != null && record.version() < current.version()) {
            return false;
        }
        shown = new Shown(record, at, current != null && record.version() == current.version() ? shown.error : null);
        return current == null || record.version() > current.version();
    }

    /**
     * Whether a background read of the table should start now; if so, the caller must end it with
     * {@link #read} or {@link #readFailed}. Never while one runs, at most every {@link #REFRESH_EVERY},
     * and never once the deployment is known to have ended (a finished record does not change).
     */
    boolean startRead(Instant now) {
        DeploymentRecord current = shown.record;
        if (current != null && current.isFinished()) {
            return false;
        }
        if (now.isBefore(lastRead.plus(REFRESH_EVERY)) || !reading.compareAndSet(false, true)) {
            return false;
        }
        lastRead = now;
        return true;
    }

    /** @return whether the record read is newer than what was shown */
    boolean read(@CheckForNull DeploymentRecord fromTable, String whenMissing, Instant at) {
        try {
            synchronized (this) {
                if (fromTable == null) {
                    shown = new Shown(shown.record, shown.asOf, whenMissing);
                    return false;
                }
                boolean newer = offer(fromTable, at);
                DeploymentRecord current = shown.record;
                if (!newer && current != null && current.version() == fromTable.version()) {
                    shown = new Shown(current, at, null);
                }
                return newer;
            }
        } finally {
            reading.set(false);
        }
    }

    void readFailed(String error, Instant at) {
        try {
            synchronized (this) {
                shown = new Shown(shown.record, shown.asOf, Objects.requireNonNull(error, "error"));
            }
        } finally {
            reading.set(false);
        }
    }
}
