package dev.ecscanary.aws;

import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.DesiredStatus;
import software.amazon.awssdk.services.ecs.model.Task;

/** Counts the tasks of a service that really run a given task definition, task by task. */
final class EcsRunningTasks {

    /** DescribeTasks takes at most 100 tasks a call. */
    private static final int DESCRIBE_BATCH = 100;

    private final EcsClient ecs;

    EcsRunningTasks(EcsClient ecs) {
        this.ecs = ecs;
    }

    int count(String cluster, String service, String taskDefinition) {
        List<String> arns = new ArrayList<>();
        ecs.listTasksPaginator(r -> r.cluster(cluster).serviceName(service).desiredStatus(DesiredStatus.RUNNING))
                .taskArns().forEach(arns::add);
        int running = 0;
        for (int from = 0; from < arns.size(); from += DESCRIBE_BATCH) {
            List<String> batch = arns.subList(from, Math.min(arns.size(), from + DESCRIBE_BATCH));
            // A task that stopped between the two calls is simply absent (a failure entry): not counted.
            for (Task task : ecs.describeTasks(r -> r.cluster(cluster).tasks(batch)).tasks()) {
                if (isRunning(task, service, taskDefinition)) {
                    running++;
                }
            }
        }
        return running;
    }

    /**
     * ECS gives every task a service starts the group {@code service:<name>}; checking it too keeps a
     * listing that ignored the service filter (moto's does) from counting other tasks.
     */
    private static boolean isRunning(Task task, String service, String taskDefinition) {
        return "RUNNING".equals(task.lastStatus())
                && taskDefinition.equals(task.taskDefinitionArn())
                && ("service:" + service).equals(task.group());
    }
}
