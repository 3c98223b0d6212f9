package dev.ecscanary.state;

import java.time.Instant;

/**
 * The latest known state of one ECS task, from relayed "ECS Task State Change" events. Kept per
 * green service (cluster name + service name); a newer {@code version} of the same task replaces
 * an older one, duplicates and stale versions change nothing.
 */
public record TaskObservation(String cluster, String service, String taskArn, long version, String lastStatus,
                              String desiredStatus, String taskDefinitionArn, Instant observedAt) {

    public boolean isRunning() {
        return "RUNNING".equals(lastStatus) && !"STOPPED".equals(desiredStatus);
    }

    public ServiceKey serviceKey() {
        return new ServiceKey(cluster, service);
    }

    /** A service by cluster name and service name (not ARNs: events and specs name them differently). */
    public record ServiceKey(String cluster, String service) {

        /** Accepts a cluster name or ARN. */
        public static ServiceKey of(String clusterNameOrArn, String service) {
            return new ServiceKey(lastSegment(clusterNameOrArn), lastSegment(service));
        }

        private static String lastSegment(String nameOrArn) {
            int slash = nameOrArn.lastIndexOf('/');
            return slash < 0 ? nameOrArn : nameOrArn.substring(slash + 1);
        }
    }
}
