package dev.ecscanary.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecscanary.aws.testing.ShopWorld;
import dev.ecscanary.localaws.ShopSetup;
import dev.ecscanary.testkit.MotoExtension;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.Service;

/** cfn/watchdog.yaml creates, fed from the setup's outputs, one Fargate task running {@code ecs-canary watch}. */
class WatchdogTemplateTest {

    @RegisterExtension
    static final MotoExtension moto = new MotoExtension();

    @Test
    void theWatchdogRunsAsOneFargateTaskWatchingTheSetupsStateTable() {
        ShopSetup setup;
        Map<String, String> outputs;
        try (CloudFormationClient cfn = moto.client(CloudFormationClient.builder())) {
            setup = ShopSetup.create(cfn, ShopWorld.CFN);
            outputs = setup.createWatchdog("123456789012.dkr.ecr.us-east-1.amazonaws.com/ecs-canary:0.1.0");
        }

        try (EcsClient ecs = moto.client(EcsClient.builder())) {
            Service service = ecs.describeServices(b -> b.cluster(setup.output("ClusterName"))
                    .services(outputs.get("ServiceName"))).services().get(0);
            assertThat(service.desiredCount()).isEqualTo(1);
            // moto keeps neither the service's launch type nor the task's compatibilities from CloudFormation:
            // what it does keep is the command the task runs. (cfn-lint checks the rest of the template.)
            ContainerDefinition container = ecs.describeTaskDefinition(b -> b.taskDefinition(service.taskDefinition()))
                    .taskDefinition().containerDefinitions().get(0);
            assertThat(container.command()).containsExactly("watch", "--table", setup.output("StateTableName"),
                    "--interval", "1m", "--after", "15m", "--action", "failBack");
        }
    }
}
