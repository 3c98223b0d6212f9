package dev.ecscanary.events;

import java.time.Instant;

/**
 * ECS "Task State Change" events as EventBridge delivers them, for tests, simulations and the demo
 * (which plays ECS against an emulator that sends no events).
 */
public final class EcsEvents {

    private static final String ACCOUNT_PREFIX = "arn:aws:ecs:us-east-1:123456789012:";

    private EcsEvents() {
    }

    /** An event of a task in a made-up account, with task definition revision 1 of the service. */
    public static String taskStateChange(String cluster, String service, String taskId, long version,
                                         String lastStatus, Instant time) {
        return taskStateChange(ACCOUNT_PREFIX + "cluster/" + cluster, service, ACCOUNT_PREFIX + "task/" + cluster + "/"
                + taskId, version, lastStatus, ACCOUNT_PREFIX + "task-definition/" + service + ":1", time);
    }

    public static String taskStateChange(String clusterArn, String service, String taskArn, long version,
                                         String lastStatus, String taskDefinitionArn, Instant time) {
        return """
                {"version":"0","id":"%s","detail-type":"ECS Task State Change","source":"aws.ecs",
                 "account":"123456789012","time":"%s","region":"us-east-1","resources":["%s"],
                 "detail":{"clusterArn":"%s","taskArn":"%s",
                  "group":"service:%s","lastStatus":"%s","desiredStatus":"RUNNING","version":%d,
                  "launchType":"FARGATE","containers":[{"name":"app","lastStatus":"%s"}],
                  "taskDefinitionArn":"%s",
                  "someFieldEcsAddsLater":{"nested":true}}}
                """.formatted(taskArn.substring(taskArn.lastIndexOf('/') + 1) + "-" + version, time, taskArn,
                clusterArn, taskArn, service, lastStatus, version, lastStatus, taskDefinitionArn);
    }
}
