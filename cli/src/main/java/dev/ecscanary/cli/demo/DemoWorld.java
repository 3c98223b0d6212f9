package dev.ecscanary.cli.demo;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import dev.ecscanary.aws.AwsClients;
import software.amazon.awssdk.services.cloudformation.model.Capability;
import software.amazon.awssdk.services.cloudformation.model.Output;
import software.amazon.awssdk.services.cloudformation.model.Parameter;
import software.amazon.awssdk.services.cloudwatch.model.ComparisonOperator;
import software.amazon.awssdk.services.cloudwatch.model.StateValue;
import software.amazon.awssdk.services.cloudwatch.model.Statistic;

/**
 * What an operator does once, before the first deployment: the shared setup stack and the blue
 * service (the version running today), plus one 5xx alarm per side. Created with CreateStack, as an
 * operator would from the console or the CLI (moto, unlike CloudFormation, gives stacks made by
 * change sets no outputs, and the deployments read these stacks' outputs).
 */
public final class DemoWorld {

    public static final String SETUP_STACK = "shop-setup";
    public static final String BLUE_STACK = "shop-blue";
    static final Map<String, String> SETUP_PARAMETERS = Map.of("AppName", "shop", "DomainName", "example.test",
            "RecordName", "shop.example.test");
    private static final List<String> SERVICE_INPUTS = List.of("ClusterName", "SubnetIds", "ServiceSecurityGroupId",
            "TaskExecutionRoleArn", "BlueTargetGroupArn", "GreenTargetGroupArn");

    private final AwsClients clients;
    private final Path cfn;
    private final PrintWriter out;

    public DemoWorld(AwsClients clients, Path cfn, PrintWriter out) {
        this.clients = clients;
        this.cfn = cfn;
        this.out = out;
    }

    public void createSharedSetup() {
        Map<String, String> setup = createStack(SETUP_STACK, "setup.yaml", SETUP_PARAMETERS);
        out.printf("   stack %s: hosted zone %s, record %s, state table %s%n", SETUP_STACK, setup.get("HostedZoneId"),
                setup.get("RecordName"), setup.get("StateTableName"));
        Map<String, String> blue = new HashMap<>(Map.of("AppName", "shop", "Side", "blue", "ImageTag", "1.0"));
        SERVICE_INPUTS.forEach(name -> blue.put(name, setup.get(name)));
        createStack(BLUE_STACK, "service.yaml", blue);
        PlayedEcs.registerTargets(clients, setup.get("BlueTargetGroupArn"), "10.42.0.");
        out.printf("   stack %s: service shop-blue runs version 1.0 and serves 100%% of %s%n", BLUE_STACK,
                setup.get("RecordName"));
        for (String side : List.of("blue", "green")) {
            String alarm = "shop-" + side + "-5xx";
            clients.cloudWatch().putMetricAlarm(b -> b.alarmName(alarm).namespace("AWS/ApplicationELB")
                    .metricName("HTTPCode_Target_5XX_Count").statistic(Statistic.SUM).period(60).evaluationPeriods(1)
                    .threshold(5.0).comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD));
            clients.cloudWatch().setAlarmState(b -> b.alarmName(alarm).stateValue(StateValue.OK)
                    .stateReason("no 5xx answers"));
        }
        out.println("   CloudWatch alarms shop-blue-5xx and shop-green-5xx: OK");
    }

    private Map<String, String> createStack(String name, String template, Map<String, String> parameters) {
        clients.cloudFormation().createStack(b -> b.stackName(name).templateBody(read(template))
                .capabilities(Capability.CAPABILITY_IAM, Capability.CAPABILITY_NAMED_IAM)
                .parameters(parameters.entrySet().stream().map(p -> Parameter.builder().parameterKey(p.getKey())
                        .parameterValue(p.getValue()).build()).toList()));
        Map<String, String> outputs = new HashMap<>();
        for (Output output : clients.cloudFormation().describeStacks(b -> b.stackName(name)).stacks().get(0)
                .outputs()) {
            outputs.put(output.outputKey(), output.outputValue());
        }
        return outputs;
    }

    private String read(String template) {
        try {
            return Files.readString(cfn.resolve(template));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the template " + cfn.resolve(template), e);
        }
    }
}
