package dev.ecscanary.inmemory;

import java.time.Instant;

/** ECS "Task State Change" events as EventBridge delivers them, for tests and simulations. */
public final class EcsEvents {

    private EcsEvents() {
    }

    public static String taskStateChange(String cluster, String service, String taskId, long version,
                                         String lastStatus, Instant time) {
        String clusterArn = "arn:aws:ecs:us-east-1:123456789012:cluster/" + cluster;
        return """
                {"version":"0","id":"%s","detail-type":"ECS Task State Change","source":"aws.ecs",
                 "account":"123456789012","time":"%s","region":"us-east-1","resources":["%s"],
                 "detail":{"clusterArn":"%s","taskArn":"arn:aws:ecs:us-east-1:123456789012:task/%s/%s",
                  "group":"service:%s","lastStatus":"%s","desiredStatus":"RUNNING","version":%d,
                  "launchType":"FARGATE","containers":[{"name":"app","lastStatus":"%s"}],
                  "taskDefinitionArn":"arn:aws:ecs:us-east-1:123456789012:task-definition/%s:1",
                  "someFieldEcsAddsLater":{"nested":true}}}
                """.formatted(taskId + "-" + version, time, clusterArn, clusterArn, cluster, taskId, service, lastStatus,
                version, lastStatus, service);
    }
}
