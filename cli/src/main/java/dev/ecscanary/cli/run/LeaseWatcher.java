package dev.ecscanary.cli.run;

import dev.ecscanary.cli.progress.ProgressView;
import dev.ecscanary.cli.render.Times;
import dev.ecscanary.port.StateStore;
import dev.ecscanary.port.StateStore.StateStoreException;
import dev.ecscanary.state.DeploymentRecord;
import dev.ecscanary.state.Lease;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;

/**
 * While another driver holds the deployment, says who and until when, and notices at once when
 * that driver finished it: the engine's own driver would only look again when the lease expires,
 * and a live holder keeps renewing it. Stops as soon as this driver holds the lease.
 */
final class LeaseWatcher implements Runnable {

    private final String deploymentId;
    private final StateStore store;
    private final String driverId;
    private final ProgressView view;
    private final InstantSource clock;
    private final Runnable wakeDriver;
    private volatile boolean done;
    private String lastHolder;

    LeaseWatcher(String deploymentId, StateStore store, String driverId, ProgressView view, InstantSource clock,
                 Runnable wakeDriver) {
        this.deploymentId = deploymentId;
        this.store = store;
        this.driverId = driverId;
        this.view = view;
        this.clock = clock;
        this.wakeDriver = wakeDriver;
    }

    @Override
    public void run() {
        if (done) {
            return;
        }
        Optional<DeploymentRecord> found;
        try {
            found = store.load(deploymentId);
        } catch (StateStoreException e) {
            return; // the driver reports store trouble itself
        }
        if (found.isEmpty()) {
            return;
        }
        DeploymentRecord record = found.get();
        Lease lease = record.lease();
        if (record.isFinished() || (lease != null && lease.isHeldBy(driverId))) {
            done = true;
            wakeDriver.run();
            return;
        }
        Instant now = clock.instant();
        if (lease != null && lease.isValidAt(now) && !lease.owner().equals(lastHolder)) {
            lastHolder = lease.owner();
            view.note(deploymentId, record.phase() + ": held by " + lease.owner() + " until "
                    + Times.instant(lease.expiresAt()) + " (in " + Times.remaining(now, lease.expiresAt())
                    + "); waiting for it to finish, or for its lease to expire to take over");
        }
    }

    void stop() {
        done = true;
    }
}
