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

    public DemoWorld(AwsClients clients, Path cfn, PrintWriter out) {
        this.clients = clients;
        this.cfn = cfn;
        this.out = out;
    }

    public void createSharedSetup() {
        ShopSetup setup = ShopSetup.create(clients.cloudFormation(), cfn);
        out.printf("   stack %s: hosted zone %s, record %s, state table %s%n", ShopSetup.SETUP_STACK,
                setup.output("HostedZoneId"), setup.output("RecordName"), setup.output("StateTableName"));
        setup.createService("blue", "1.0");
        ShopSetup.registerTargets(clients.elb(), setup.targetGroup("blue"), PlayedEcs.ipPrefix("shop-blue"));
        out.printf("   stack shop-blue: service shop-blue runs version 1.0 and serves 100%% of %s%n",
                setup.output("RecordName"));
        for (String side : List.of("blue", "green")) {
            ShopSetup.putAlarm(clients.cloudWatch(), "shop-" + side + "-5xx", StateValue.OK, "no 5xx answers");
        }
        out.println("   CloudWatch alarms shop-blue-5xx and shop-green-5xx: OK");
    }
}
