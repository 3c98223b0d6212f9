package dev.ecscanary.aws;

import static dev.ecscanary.aws.CannedAwsAnswers.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ecscanary.port.GreenReadiness.ServiceSnapshot;
import dev.ecscanary.spec.ServiceSide;
import dev.ecscanary.testkit.MotoExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Compatibility;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.LaunchType;
import software.amazon.awssdk.services.ecs.model.NetworkMode;

/**
 * {@link EcsGreenReadiness} against moto, whose services never start tasks: their running count is
 * what {@code MOTO_ECS_SERVICE_RUNNING} says (one here), and tasks started with RunTask stand in for
 * the tasks a real service would start.
 */
class EcsGreenReadinessTest {

    @RegisterExtension
    static final MotoExtension moto = MotoExtension.builder().env("MOTO_ECS_SERVICE_RUNNING", "1").build();

    static final ServiceSide GREEN = new ServiceSide("shop", "shop-green", "arn:tg", "app/shop-green/1");

    EcsClient ecs;
    EcsGreenReadiness readiness;
    String taskDefinition;

    @BeforeEach
    void greenServiceWantingTwoTasks() {
        ecs = moto.client(EcsClient.builder());
        readiness = new EcsGreenReadiness(ecs);
        ecs.createCluster(r -> r.clusterName("shop"));
        taskDefinition = registerTaskDefinition();
        ecs.createService(r -> r.cluster("shop").serviceName("shop-green").taskDefinition(taskDefinition)
                .desiredCount(2).launchType(LaunchType.EC2));
    }

    @Test
    void reportsWhatThePrimaryDeploymentWantsAndRuns() {
        ServiceSnapshot snapshot = readiness.poll(GREEN);

        assertThat(snapshot.desiredCount()).isEqualTo(2);
        assertThat(snapshot.runningCount()).isEqualTo(1);
        assertThat(snapshot.taskDefinition()).isEqualTo(taskDefinition);
        assertThat(snapshot.rolloutFailed()).isFalse();
        assertThat(snapshot.detail()).isEqualTo("rollout IN_PROGRESS, 1 of 2 tasks running " + taskDefinition);
    }

    @Test
    void countsRunningTasksOfThePrimaryTaskDefinitionWhenTheServiceLagsBehind() {
        // Moto's RunTask tasks start RUNNING and move on towards STOPPED: here they stay.
        moto.server().setEcsTaskTransition("{\"progression\": \"manual\", \"times\": 1000}");
        registerContainerInstance();
        String other = registerTaskDefinition();
        runTasks(taskDefinition, "service:shop-green", 2);
        runTasks(other, "service:shop-green", 1);          // not the primary deployment's task definition
        runTasks(taskDefinition, "service:shop-blue", 1);  // another service's task

        ServiceSnapshot snapshot = readiness.poll(GREEN);

        assertThat(snapshot.runningCount()).isEqualTo(2);
        assertThat(snapshot.taskDefinition()).isEqualTo(taskDefinition);
        assertThat(snapshot.detail()).endsWith("(the service counts 1; 2 tasks found RUNNING)");
    }

    @Test
    void aServiceThatDoesNotExistIsAnErrorNamingIt() {
        assertThatThrownBy(() -> readiness.poll(new ServiceSide("shop", "shop-grene", null, null)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("ECS cannot describe service shop-grene in cluster shop: MISSING");
    }

    @Test
    void aClusterThatDoesNotExistIsAnErrorNamingIt() {
        assertThatThrownBy(() -> readiness.poll(new ServiceSide("shoop", "shop-green", null, null)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("ECS has no cluster shoop (asked for service shop-green)");
    }

    @Test
    void aRolloutEcsGaveUpOnIsReportedWithItsReason() {
        CannedAwsAnswers canned = new CannedAwsAnswers().on("DescribeServices", json("""
                {"services": [{"serviceName": "shop-green", "status": "ACTIVE", "deployments": [
                  {"id": "ecs-svc/2", "status": "PRIMARY", "taskDefinition": "arn:td/shop-green:7",
                   "desiredCount": 2, "runningCount": 0, "rolloutState": "FAILED",
                   "rolloutStateReason": "ECS deployment circuit breaker: tasks failed to start."},
                  {"id": "ecs-svc/1", "status": "ACTIVE", "taskDefinition": "arn:td/shop-green:6",
                   "desiredCount": 2, "runningCount": 2, "rolloutState": "COMPLETED"}]}],
                 "failures": []}"""));

        ServiceSnapshot snapshot = new EcsGreenReadiness(canned(canned)).poll(GREEN);

        assertThat(snapshot.rolloutFailed()).isTrue();
        assertThat(snapshot.detail()).isEqualTo("ECS deployment circuit breaker: tasks failed to start.");
        assertThat(snapshot.taskDefinition()).isEqualTo("arn:td/shop-green:7");
        assertThat(canned.operations()).containsExactly("DescribeServices");
    }

    @Test
    void anAnswerWithoutAPrimaryDeploymentIsAClearError() {
        CannedAwsAnswers canned = new CannedAwsAnswers().on("DescribeServices", json("""
                {"services": [{"serviceName": "shop-green", "status": "ACTIVE", "deployments": []}], "failures": []}"""));

        assertThatThrownBy(() -> new EcsGreenReadiness(canned(canned)).poll(GREEN))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("service shop-green in cluster shop has no PRIMARY deployment");
    }

    @Test
    void aPrimaryDeploymentWithoutCountsIsAClearError() {
        CannedAwsAnswers canned = new CannedAwsAnswers().on("DescribeServices", json("""
                {"services": [{"serviceName": "shop-green", "status": "ACTIVE", "deployments": [
                  {"status": "PRIMARY", "taskDefinition": "arn:td/shop-green:7", "desiredCount": 2}]}]}"""));

        assertThatThrownBy(() -> new EcsGreenReadiness(canned(canned)).poll(GREEN))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageEndingWith("with a PRIMARY deployment without runningCount");
    }

    private String registerTaskDefinition() {
        return ecs.registerTaskDefinition(r -> r.family("shop-green")
                .networkMode(NetworkMode.BRIDGE)
                .requiresCompatibilities(Compatibility.EC2)
                // Container-level cpu and memory: moto's RunTask adds them up.
                .containerDefinitions(ContainerDefinition.builder().name("app").image("public.ecr.aws/nginx/nginx:stable")
                        .essential(true).cpu(256).memory(512).build()))
                .taskDefinition().taskDefinitionArn();
    }

    private void runTasks(String definition, String group, int count) {
        ecs.runTask(r -> r.cluster("shop").taskDefinition(definition).group(group).count(count)
                .launchType(LaunchType.EC2));
    }

    /**
     * Moto's Fargate RunTask fails (5.2.1), so the tasks run on EC2, which needs a container instance,
     * which needs an EC2 instance: a one-resource stack makes it.
     */
    private void registerContainerInstance() {
        try (CloudFormationClient cfn = moto.client(CloudFormationClient.builder())) {
            cfn.createStack(r -> r.stackName("ecs-host").templateBody("""
                    Resources:
                      Host: {Type: AWS::EC2::Instance, Properties: {ImageId: ami-12345678, InstanceType: t3.micro}}
                    Outputs:
                      InstanceId: {Value: !Ref Host}
                    """));
            String instanceId = cfn.describeStacks(r -> r.stackName("ecs-host")).stacks().get(0).outputs().get(0)
                    .outputValue();
            ecs.registerContainerInstance(r -> r.cluster("shop")
                    .instanceIdentityDocument("{\"instanceId\": \"" + instanceId + "\"}"));
        }
    }

    private static EcsClient canned(CannedAwsAnswers answers) {
        return EcsClient.builder()
                .httpClient(answers)
                .region(Region.US_EAST_1)
                .credentialsProvider(AnonymousCredentialsProvider.create())
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }
}
