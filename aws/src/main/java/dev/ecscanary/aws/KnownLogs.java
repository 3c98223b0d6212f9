package dev.ecscanary.aws;

import dev.ecscanary.aws.DeploymentItems.Log;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The log a store has read of each deployment it read lately, so that reading one again fetches
 * only what was added since. Safe to keep because log items are never changed once written; bounded
 * because a watchdog reads every active deployment of a table, day after day.
 */
final class KnownLogs {

    static final int CAPACITY = 32;

    private final Map<String, Log> byDeployment = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Log> eldest) {
            return size() > CAPACITY;
        }
    };

    synchronized Log known(String deploymentId) {
        return byDeployment.getOrDefault(deploymentId, Log.EMPTY);
    }

    /** Keeps the longer of what is known and {@code log}: two readers at once may finish in any order. */
    synchronized void remember(String deploymentId, Log log) {
        byDeployment.merge(deploymentId, log, (known, read) -> read.version() >= known.version() ? read : known);
    }

    synchronized void forget(String deploymentId) {
        byDeployment.remove(deploymentId);
    }
}
