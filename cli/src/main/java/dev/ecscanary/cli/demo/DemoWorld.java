package dev.ecscanary.cli.demo;

import dev.ecscanary.aws.AwsClients;
import dev.ecscanary.localaws.ShopSetup;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import software.amazon.awssdk.services.cloudwatch.model.StateValue;

/**
 * What an operator does once, before the first deployment: the shared setup stack, the blue service
 * (the version running today, with its targets), and one 5xx alarm per side.
 */
public final class DemoWorld {

    private final AwsClients clients;
    private final Path cfn;
    private final PrintWriter out;
    private ShopSetup setup;

    public DemoWorld(AwsClients clients, Path cfn, PrintWriter out) {
        this.clients = clients;
        this.cfn = cfn;
        this.out = out;
    }

    /** The shared setup's outputs, once it is created. */
    public java.util.Map<String, String> outputs() {
        return setup.outputs();
    }

    public void createSharedSetup() {
        setup = ShopSetup.create(clients.cloudFormation(), cfn);
        out.printf("   stack %s: hosted zone %s, record %s, state table %s%n", ShopSetup.SETUP_STACK,
                setup.output("HostedZoneId"), setup.output("RecordName"), setup.output("StateTableName"));
        setup.createService("blue", "1.0");
        attachToTargetGroup("blue");
        ShopSetup.registerTargets(clients.elb(), setup.targetGroup("blue"), PlayedEcs.ipPrefix("shop-blue"));
        out.printf("   stack shop-blue: service shop-blue runs version 1.0 and serves 100%% of %s%n",
                setup.output("RecordName"));
        for (String side : List.of("blue", "green")) {
            ShopSetup.putAlarm(clients.cloudWatch(), "shop-" + side + "-5xx", StateValue.OK, "no 5xx answers");
        }
        out.println("   CloudWatch alarms shop-blue-5xx and shop-green-5xx: OK");
    }

    /**
     * Gives the service of a side the target group cfn/service.yaml attaches it to: moto's
     * CloudFormation drops an ECS service's LoadBalancers (a TODO in moto 5.2.1), so the demo puts
     * back what AWS would have, with the ECS API, as it plays ECS elsewhere.
     */
    public void attachToTargetGroup(String side) {
        String service = "shop-" + side;
        clients.ecs().updateService(b -> b.cluster(setup.output("ClusterName")).service(service)
                .loadBalancers(lb -> lb.targetGroupArn(setup.targetGroup(side)).containerName("app")
                        .containerPort(Integer.parseInt(setup.output("ContainerPort")))));
        out.printf("   (moto's CloudFormation drops an ECS service's LoadBalancers: the demo attaches %s to its "
                + "target group, as AWS would have)%n", service);
    }
}
