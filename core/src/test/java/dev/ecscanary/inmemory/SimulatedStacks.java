package dev.ecscanary.inmemory;

import dev.ecscanary.port.StackOperator;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * CloudFormation in memory: a stack is ready a fixed virtual time after it was first applied, and
 * outputs what it was told to. A stack named in {@link #failing} fails instead.
 */
public final class SimulatedStacks implements StackOperator {

    private final InstantSource clock;
    private final Duration duration;
    private final Map<String, Instant> readyAt = new ConcurrentHashMap<>();
    private final Map<String, Map<String, String>> outputs = new ConcurrentHashMap<>();
    private final Set<String> failing = ConcurrentHashMap.newKeySet();

    public SimulatedStacks(InstantSource clock, Duration duration) {
        this.clock = clock;
        this.duration = duration;
    }

    public SimulatedStacks outputs(String stack, Map<String, String> values) {
        outputs.put(stack, Map.copyOf(values));
        return this;
    }

    public SimulatedStacks failing(String stack) {
        failing.add(stack);
        return this;
    }

    @Override
    public StackProgress apply(StackRequest request) {
        String key = request.deploymentId() + "/" + request.stack().name();
        Instant ready = readyAt.computeIfAbsent(key, k -> clock.instant().plus(duration));
        if (clock.instant().isBefore(ready)) {
            return new StackProgress.InProgress("UPDATE_IN_PROGRESS");
        }
        if (failing.contains(request.stack().name())) {
            return new StackProgress.Failed("UPDATE_ROLLBACK_COMPLETE",
                    List.of("Service: CREATE_FAILED (simulated: the image cannot be pulled)"));
        }
        return new StackProgress.Ready(outputs.getOrDefault(request.stack().name(), Map.of()), "UPDATE_COMPLETE");
    }
}
