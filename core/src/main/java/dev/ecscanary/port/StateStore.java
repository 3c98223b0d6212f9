package dev.ecscanary.port;

import dev.ecscanary.state.DeploymentRecord;
import dev.ecscanary.state.Phase;
import dev.ecscanary.state.TaskObservation;
import dev.ecscanary.state.TaskObservation.ServiceKey;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where deployments live durably: one record per deployment, every write conditional on the
 * version it replaces, and the task observations relayed from ECS events.
 */
public interface StateStore {

    Optional<DeploymentRecord> load(String deploymentId);

    /** @throws DeploymentExistsException if a deployment of that id was ever created */
    void create(DeploymentRecord record);

    /**
     * Replaces {@code previous} with {@code next} if the stored version is still {@code previous}'s.
     * {@code next} is {@code previous}'s next version, and its history and samples are
     * {@code previous}'s with entries added at the end: a store may append only those.
     *
     * @throws ConcurrentUpdateException if the stored version is another (someone else wrote)
     * @throws IllegalArgumentException  if {@code next} does not follow {@code previous} so
     */
    void update(DeploymentRecord previous, DeploymentRecord next);

    /** Records an observation unless one of the same task with an equal or newer version exists. */
    ObservationOutcome record(TaskObservation observation);

    List<TaskObservation> observations(ServiceKey service);

    /**
     * Every deployment not yet promoted or rolled back, in a few attributes each, found without
     * reading the whole table: what the watchdog looks through for orphans.
     */
    List<ActiveDeployment> active();

    /**
     * @param leaseOwner     who holds or last held its lease; null if no driver ever did
     * @param leaseExpiresAt when that lease expires or expired; null if no driver ever held it
     */
    record ActiveDeployment(String deploymentId, Phase phase, String leaseOwner, Instant leaseExpiresAt,
                            Instant updatedAt) {

        public static ActiveDeployment of(DeploymentRecord record) {
            return new ActiveDeployment(record.id(), record.phase(), record.lease() == null ? null : record.lease().owner(),
                    record.lease() == null ? null : record.lease().expiresAt(), record.updatedAt());
        }

        /** Since when no driver has looked after it: its lease's expiry, or its last write if it never had one. */
        public Instant unattendedSince() {
            return leaseExpiresAt != null ? leaseExpiresAt : updatedAt;
        }
    }

    enum ObservationOutcome {
        /** The first or a newer version of the task: stored. */
        RECORDED,
        /** The same version was already stored (EventBridge delivers at least once). */
        DUPLICATE,
        /** An older version than the one stored (events arrive out of order). */
        STALE
    }

    /** The store could not be reached or answered with an error; nothing was changed. */
    class StateStoreException extends RuntimeException {
        public StateStoreException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    class DeploymentExistsException extends StateStoreException {
        public DeploymentExistsException(String deploymentId) {
            super("deployment '" + deploymentId + "' already exists", null);
        }
    }

    class ConcurrentUpdateException extends StateStoreException {
        public ConcurrentUpdateException(String deploymentId, long expectedVersion) {
            super("deployment '" + deploymentId + "' was changed by someone else (expected version "
                    + expectedVersion + ")", null);
        }
    }
}
