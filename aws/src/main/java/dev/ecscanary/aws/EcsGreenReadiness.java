package dev.ecscanary.aws;

import dev.ecscanary.port.GreenReadiness;
import dev.ecscanary.spec.ServiceSide;
import java.util.Objects;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ClusterNotFoundException;
import software.amazon.awssdk.services.ecs.model.DescribeServicesResponse;
import software.amazon.awssdk.services.ecs.model.Deployment;
import software.amazon.awssdk.services.ecs.model.Service;

/**
 * How green's ECS service is doing, judged by its PRIMARY deployment (the one running the current
 * task definition): how many tasks it wants, how many run, and whether ECS gave up on it.
 *
 * <p>When the service counts fewer running tasks than are actually RUNNING with the primary's task
 * definition, the larger count wins: the service's counters lag behind its tasks, and this poll is
 * the fallback for task events that were lost on the way.
 */
public final class EcsGreenReadiness implements GreenReadiness {

    private final EcsClient ecs;
    private final EcsRunningTasks runningTasks;

    public EcsGreenReadiness(EcsClient ecs) {
        this.ecs = Objects.requireNonNull(ecs, "ecs");
        this.runningTasks = new EcsRunningTasks(ecs);
    }

    @Override
    public ServiceSnapshot poll(ServiceSide green) {
        String cluster = required(green.cluster(), "cluster");
        String name = required(green.service(), "service");
        Service service = describe(cluster, name);
        Deployment primary = primaryDeployment(service, cluster, name);
        int desired = count(primary.desiredCount(), "desiredCount", cluster, name);
        int reported = count(primary.runningCount(), "runningCount", cluster, name);
        String taskDefinition = primary.taskDefinition();
        if (taskDefinition == null) {
            throw new IllegalStateException("ECS answered service " + name + " in cluster " + cluster
                    + " with a PRIMARY deployment without a task definition");
        }
        if ("FAILED".equals(primary.rolloutStateAsString())) {
            String reason = primary.rolloutStateReason();
            return new ServiceSnapshot(desired, reported, taskDefinition, true,
                    reason != null ? reason : "ECS marked the rollout of " + taskDefinition + " FAILED");
        }
        int running = reported;
        String fallback = "";
        if (reported < desired) {
            int seen = runningTasks.count(cluster, name, taskDefinition);
            if (seen > reported) {
                running = seen;
                fallback = " (the service counts " + reported + "; " + seen + " tasks found RUNNING)";
            }
        }
        return new ServiceSnapshot(desired, running, taskDefinition, false, describe(primary, running, desired)
                + fallback);
    }

    private Service describe(String cluster, String name) {
        DescribeServicesResponse response;
        try {
            response = ecs.describeServices(r -> r.cluster(cluster).services(name));
        } catch (ClusterNotFoundException e) {
            throw new IllegalStateException("ECS has no cluster " + cluster + " (asked for service " + name + ")", e);
        }
        if (!response.failures().isEmpty()) {
            throw new IllegalStateException("ECS cannot describe service " + name + " in cluster " + cluster + ": "
                    + response.failures().stream()
                            .map(f -> f.reason() + (f.detail() == null ? "" : " (" + f.detail() + ")"))
                            .collect(Collectors.joining(", ")));
        }
        if (response.services().size() != 1) {
            throw new IllegalStateException("ECS answered " + response.services().size() + " services for service "
                    + name + " in cluster " + cluster);
        }
        Service service = response.services().get(0);
        if (!"ACTIVE".equals(service.status())) {
            throw new IllegalStateException("service " + name + " in cluster " + cluster + " is " + service.status()
                    + ", not ACTIVE (deleted or being deleted)");
        }
        return service;
    }

    private static Deployment primaryDeployment(Service service, String cluster, String name) {
        return service.deployments().stream().filter(d -> "PRIMARY".equals(d.status())).findFirst()
                .orElseThrow(() -> new IllegalStateException("service " + name + " in cluster " + cluster
                        + " has no PRIMARY deployment (only services with the ECS deployment controller are supported)"));
    }

    private static String describe(Deployment primary, int running, int desired) {
        String rollout = primary.rolloutStateAsString() == null ? "" : "rollout " + primary.rolloutStateAsString() + ", ";
        return rollout + running + " of " + desired + " tasks running " + primary.taskDefinition();
    }

    private static int count(Integer value, String field, String cluster, String name) {
        if (value == null) {
            throw new IllegalStateException("ECS answered service " + name + " in cluster " + cluster
                    + " with a PRIMARY deployment without " + field);
        }
        return value;
    }

    private static String required(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("green." + field + " is required to ask ECS about green");
        }
        return value;
    }
}
