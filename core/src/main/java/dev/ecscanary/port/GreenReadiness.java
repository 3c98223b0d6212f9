package dev.ecscanary.port;

import dev.ecscanary.spec.ServiceSide;

/**
 * Asks ECS how green's service is doing: the polling fallback behind the task events that
 * EventBridge relays, which can be lost or late.
 */
public interface GreenReadiness {

    ServiceSnapshot poll(ServiceSide green);

    /**
     * @param taskDefinition the task definition of the service's primary deployment
     * @param rolloutFailed  ECS gave up on the rollout (e.g. its circuit breaker tripped)
     */
    record ServiceSnapshot(int desiredCount, int runningCount, String taskDefinition, boolean rolloutFailed,
                           String detail) {
    }
}
