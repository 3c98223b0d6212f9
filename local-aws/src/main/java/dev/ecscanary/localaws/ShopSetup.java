package dev.ecscanary.localaws;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Capability;
import software.amazon.awssdk.services.cloudformation.model.Output;
import software.amazon.awssdk.services.cloudformation.model.Parameter;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.ComparisonOperator;
import software.amazon.awssdk.services.cloudwatch.model.StateValue;
import software.amazon.awssdk.services.cloudwatch.model.Statistic;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetDescription;

/**
 * The example application "shop" set up in a local emulator, as an operator sets it up once before
 * the first deployment: cfn/setup.yaml's stack, and a side's service from cfn/service.yaml, made
 * with CreateStack (moto computes no outputs for stacks made by change sets, and every deployment
 * reads the setup's outputs). Also what moto does not do by itself: register a service's targets
 * (its ECS registers none; registered targets are healthy at once) and create a side's 5xx alarm
 * (its CloudFormation skips alarms).
 */
public final class ShopSetup {

    public static final String SETUP_STACK = "shop-setup";
    public static final String STATE_TABLE = "shop-ecs-canary-state";
    public static final Map<String, String> SETUP_PARAMETERS = Map.of("AppName", "shop", "DomainName",
            "example.test", "RecordName", "shop.example.test");
    /** What cfn/service.yaml takes from the setup's outputs. */
    private static final List<String> SERVICE_INPUTS = List.of("ClusterName", "SubnetIds", "ServiceSecurityGroupId",
            "TaskExecutionRoleArn", "BlueTargetGroupArn", "GreenTargetGroupArn");

    private final CloudFormationClient cfn;
    private final Path templates;
    private final Map<String, String> outputs;

    private ShopSetup(CloudFormationClient cfn, Path templates, Map<String, String> outputs) {
        this.cfn = cfn;
        this.templates = templates;
        this.outputs = Map.copyOf(outputs);
    }

    /** Creates the setup stack from {@code templates}/setup.yaml. */
    public static ShopSetup create(CloudFormationClient cfn, Path templates) {
        return new ShopSetup(cfn, templates, createStack(cfn, SETUP_STACK, templates.resolve("setup.yaml"),
                SETUP_PARAMETERS));
    }

    public Map<String, String> outputs() {
        return outputs;
    }

    public String output(String name) {
        String value = outputs.get(name);
        if (value == null) {
            throw new IllegalStateException("the setup stack has no output " + name + " (it has " + outputs.keySet()
                    + ")");
        }
        return value;
    }

    /** Creates stack {@code shop-<side>}: that side's service and task definition, at {@code imageTag}. */
    public Map<String, String> createService(String side, String imageTag) {
        Map<String, String> parameters = new HashMap<>(Map.of("AppName", "shop", "Side", side, "ImageTag", imageTag));
        SERVICE_INPUTS.forEach(name -> parameters.put(name, output(name)));
        return createStack(cfn, "shop-" + side, templates.resolve("service.yaml"), parameters);
    }

    /** Creates stack {@code shop-ecs-canary-watchdog} from watchdog.yaml: {@code ecs-canary watch} as a Fargate service. */
    public Map<String, String> createWatchdog(String image) {
        Map<String, String> parameters = new HashMap<>(Map.of("AppName", "shop", "Image", image, "OrphanAction",
                "failBack", "OrphanAfter", "15m"));
        List.of("ClusterName", "VpcId", "SubnetIds", "TaskExecutionRoleArn", "DeployerPolicyArn", "StateTableName")
                .forEach(name -> parameters.put(name, output(name)));
        return createStack(cfn, "shop-ecs-canary-watchdog", templates.resolve("watchdog.yaml"), parameters);
    }

    /** The target group of a side: {@code blue} or {@code green}. */
    public String targetGroup(String side) {
        return output(side.equals("blue") ? "BlueTargetGroupArn" : "GreenTargetGroupArn");
    }

    /** Two targets, {@code <ipPrefix>10} and {@code <ipPrefix>11} on port 80, as ECS would register a service's tasks. */
    public static void registerTargets(ElasticLoadBalancingV2Client elb, String targetGroupArn, String ipPrefix) {
        elb.registerTargets(b -> b.targetGroupArn(targetGroupArn).targets(
                TargetDescription.builder().id(ipPrefix + "10").port(80).build(),
                TargetDescription.builder().id(ipPrefix + "11").port(80).build()));
    }

    /** A 5xx alarm on the load balancers' target errors, set to {@code state}. */
    public static void putAlarm(CloudWatchClient cloudWatch, String name, StateValue state, String reason) {
        cloudWatch.putMetricAlarm(b -> b.alarmName(name).namespace("AWS/ApplicationELB")
                .metricName("HTTPCode_Target_5XX_Count").statistic(Statistic.SUM).period(60).evaluationPeriods(1)
                .threshold(5.0).comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD));
        cloudWatch.setAlarmState(b -> b.alarmName(name).stateValue(state).stateReason(reason));
    }

    private static Map<String, String> createStack(CloudFormationClient cfn, String name, Path template,
                                                   Map<String, String> parameters) {
        cfn.createStack(b -> b.stackName(name).templateBody(read(template))
                .capabilities(Capability.CAPABILITY_IAM, Capability.CAPABILITY_NAMED_IAM)
                .parameters(parameters.entrySet().stream().map(p -> Parameter.builder().parameterKey(p.getKey())
                        .parameterValue(p.getValue()).build()).toList()));
        Map<String, String> outputs = new HashMap<>();
        for (Output output : cfn.describeStacks(b -> b.stackName(name)).stacks().get(0).outputs()) {
            outputs.put(output.outputKey(), output.outputValue());
        }
        return outputs;
    }

    private static String read(Path template) {
        try {
            return Files.readString(template);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the template " + template, e);
        }
    }
}
