package dev.ecscanary.jenkins;

import dev.ecscanary.engine.DeploymentDriver;
import dev.ecscanary.state.TaskObservation.ServiceKey;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The drivers of the deployments driven on this controller right now, by deployment: what a relayed
 * ECS event or an approval wakes. A driver is here only while its step drives.
 */
final class LiveDrivers implements DrivenStep.Drivers {

    private final Map<String, Set<DeploymentDriver>> drivers = new ConcurrentHashMap<>();

    @Override
    public void register(String deploymentId, DeploymentDriver driver) {
        drivers.computeIfAbsent(deploymentId, id -> ConcurrentHashMap.newKeySet()).add(driver);
    }

    @Override
    public void unregister(String deploymentId, DeploymentDriver driver) {
        drivers.computeIfPresent(deploymentId, (id, set) -> {
            set.remove(driver);
            return set.isEmpty() ? null : set;
        });
    }

    /** A task of {@code green} changed state: tick every live deployment waiting on that service now. */
    void wake(ServiceKey green) {
        drivers.values().forEach(set -> set.forEach(driver -> driver.wake(green)));
    }

    /** Ticks the deployment now wherever it is driven on this controller. */
    void wake(String deploymentId) {
        Set<DeploymentDriver> set = drivers.get(deploymentId);
        if (set != null) {
            set.forEach(driver -> driver.wake(deploymentId));
        }
    }
}
