package dev.ecscanary.engine;

import dev.ecscanary.port.ProgressListener;
import dev.ecscanary.port.StateStore;
import dev.ecscanary.port.StateStore.ConcurrentUpdateException;
import dev.ecscanary.state.DeploymentRecord;
import dev.ecscanary.state.HistoryEntry;
import dev.ecscanary.state.HistoryEvent.TookOver;
import dev.ecscanary.state.Lease;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * How the engine writes a deployment: every write conditional on the version it replaces, as the
 * lease holder (taking the lease with a write of its own, renewing it with each write, releasing it
 * when the deployment ends), and telling the listener about each new history entry once written.
 */
final class RecordWriter {

    private final StateStore store;
    private final ProgressListener listener;
    private final EngineSettings settings;
    private final String driver;

    RecordWriter(StateStore store, ProgressListener listener, EngineSettings settings, String driver) {
        this.store = store;
        this.listener = listener;
        this.settings = settings;
        this.driver = driver;
    }

    /** Takes the lease with its own conditional write, so only the holder ever acts; empty if another wrote first. */
    Optional<DeploymentRecord> takeLease(DeploymentRecord record, Instant now) {
        return takeLease(record, now, UnaryOperator.identity());
    }

    /** As {@link #takeLease(DeploymentRecord, Instant)}, with {@code alsoChange} in the same write. */
    Optional<DeploymentRecord> takeLease(DeploymentRecord record, Instant now,
                                         UnaryOperator<DeploymentRecord.Builder> alsoChange) {
        DeploymentRecord.Builder next = record.toBuilder().lease(newLease(now));
        Lease previous = record.lease();
        if (previous != null) {
            next.record(new HistoryEntry(now, record.phase(), record.step(), record.weights(), driver,
                    new TookOver(previous.owner(), previous.expiresAt())));
        }
        return write(record, alsoChange.apply(next).build(now));
    }

    /**
     * Persists {@code changes} (renewing the lease, or releasing it once the deployment ended), or with
     * none only renews a lease that is due; empty if another writer changed the deployment first.
     */
    Optional<DeploymentRecord> commit(DeploymentRecord record, DeploymentRecord.Builder changes, Instant now) {
        if (changes != null) {
            changes.lease(changes.phase().isTerminal() ? null : newLease(now));
            return write(record, changes.build(now));
        }
        if (needsRenewal(record.lease(), now)) {
            return write(record, record.toBuilder().lease(newLease(now)).build(now));
        }
        return Optional.of(record);
    }

    /** Writes {@code next} conditionally on {@code record}'s version; empty if another writer came first. */
    Optional<DeploymentRecord> write(DeploymentRecord record, DeploymentRecord next) {
        try {
            store.update(record, next);
        } catch (ConcurrentUpdateException raced) {
            return Optional.empty();
        }
        notifyHistory(record, next);
        return Optional.of(next);
    }

    /** When the lease should be renewed at the latest: half its duration before it expires. */
    Instant renewAt(DeploymentRecord record) {
        return record.lease().expiresAt().minus(settings.leaseDuration().dividedBy(2));
    }

    private boolean needsRenewal(Lease lease, Instant now) {
        return lease == null || !lease.expiresAt().minus(settings.leaseDuration().dividedBy(2)).isAfter(now);
    }

    private Lease newLease(Instant now) {
        return new Lease(driver, now.plus(settings.leaseDuration()));
    }

    private void notifyHistory(DeploymentRecord before, DeploymentRecord after) {
        List<HistoryEntry> history = after.history();
        for (int i = before.history().size(); i < history.size(); i++) {
            listener.onHistory(after, history.get(i));
        }
    }
}
