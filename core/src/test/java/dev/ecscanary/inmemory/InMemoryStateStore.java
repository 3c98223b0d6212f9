package dev.ecscanary.inmemory;

import dev.ecscanary.port.StateStore;
import dev.ecscanary.state.DeploymentRecord;
import dev.ecscanary.state.TaskObservation;
import dev.ecscanary.state.TaskObservation.ServiceKey;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The state store in memory, with the same conditional-write rules as the DynamoDB one: every
 * check-and-write is one atomic map operation, so there is no read-then-write race here either.
 */
public final class InMemoryStateStore implements StateStore {

    private final Map<String, DeploymentRecord> deployments = new ConcurrentHashMap<>();
    private final Map<ServiceKey, Map<String, TaskObservation>> tasks = new ConcurrentHashMap<>();
    private final AtomicInteger writes = new AtomicInteger();

    @Override
    public Optional<DeploymentRecord> load(String deploymentId) {
        return Optional.ofNullable(deployments.get(deploymentId));
    }

    @Override
    public void create(DeploymentRecord record) {
        if (deployments.putIfAbsent(record.id(), record) != null) {
            throw new DeploymentExistsException(record.id());
        }
        writes.incrementAndGet();
    }

    @Override
    public void update(DeploymentRecord previous, DeploymentRecord next) {
        next.requireFollows(previous);
        long expected = previous.version();
        boolean[] replaced = {false};
        deployments.computeIfPresent(next.id(), (id, stored) -> {
            if (stored.version() != expected) {
                return stored;
            }
            replaced[0] = true;
            return next;
        });
        if (!replaced[0]) {
            throw new ConcurrentUpdateException(next.id(), expected);
        }
        writes.incrementAndGet();
    }

    @Override
    public ObservationOutcome record(TaskObservation observation) {
        ObservationOutcome[] outcome = new ObservationOutcome[1];
        tasks.computeIfAbsent(observation.serviceKey(), k -> new ConcurrentHashMap<>())
                .compute(observation.taskArn(), (arn, stored) -> {
                    if (stored == null || stored.version() < observation.version()) {
                        outcome[0] = ObservationOutcome.RECORDED;
                        return observation;
                    }
                    outcome[0] = stored.version() == observation.version()
                            ? ObservationOutcome.DUPLICATE : ObservationOutcome.STALE;
                    return stored;
                });
        return outcome[0];
    }

    @Override
    public List<TaskObservation> observations(ServiceKey service) {
        Map<String, TaskObservation> byTask = tasks.get(service);
        return byTask == null ? List.of() : List.copyOf(byTask.values());
    }

    @Override
    public List<ActiveDeployment> active() {
        return deployments.values().stream().filter(r -> !r.isFinished()).map(ActiveDeployment::of)
                .sorted(java.util.Comparator.comparing(ActiveDeployment::deploymentId)).toList();
    }

    /** Successful deployment writes so far (creates and updates). */
    public int writes() {
        return writes.get();
    }
}
