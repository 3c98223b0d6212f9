package dev.ecscanary.inmemory;

import dev.ecscanary.port.GreenReadiness;
import dev.ecscanary.spec.ServiceSide;
import dev.ecscanary.state.TaskObservation.ServiceKey;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * ECS services in memory, for the polling fallback: a service's tasks run from the instant set
 * with {@link #runningFrom}; until then the poll reports none. Relayed task events are separate
 * (see {@link EcsEvents}), so tests can lose, duplicate or reorder them independently.
 */
public final class SimulatedEcs implements GreenReadiness {

    private final InstantSource clock;
    private final int desiredCount;
    private final Map<ServiceKey, Instant> runningFrom = new ConcurrentHashMap<>();
    private final Map<ServiceKey, String> rolloutFailure = new ConcurrentHashMap<>();

    public SimulatedEcs(InstantSource clock, int desiredCount) {
        this.clock = clock;
        this.desiredCount = desiredCount;
    }

    public SimulatedEcs runningFrom(ServiceKey service, Instant at) {
        runningFrom.put(service, at);
        return this;
    }

    public SimulatedEcs rolloutFails(ServiceKey service, String why) {
        rolloutFailure.put(service, why);
        return this;
    }

    @Override
    public ServiceSnapshot poll(ServiceSide green) {
        ServiceKey key = ServiceKey.of(green.cluster(), green.service());
        String failure = rolloutFailure.get(key);
        if (failure != null) {
            return new ServiceSnapshot(desiredCount, 0, null, true, failure);
        }
        Instant from = runningFrom.get(key);
        boolean running = from != null && !clock.instant().isBefore(from);
        return new ServiceSnapshot(desiredCount, running ? desiredCount : 0, null, false,
                running ? "rollout COMPLETED" : "rollout IN_PROGRESS");
    }

    public int desiredCount() {
        return desiredCount;
    }
}
