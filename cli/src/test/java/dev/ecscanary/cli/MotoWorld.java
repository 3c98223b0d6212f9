package dev.ecscanary.cli;

import dev.ecscanary.aws.DynamoDbStateStore;
import dev.ecscanary.spec.Weights;
import dev.ecscanary.state.DeploymentRecord;
import dev.ecscanary.state.Phase;
import dev.ecscanary.localaws.ShopSetup;
import dev.ecscanary.testkit.MotoExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.StateValue;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;

/**
 * The world a deployment runs in, in moto: the shared setup stack (cfn/setup.yaml: zone, weighted
 * records at blue 100 / green 0, ALBs, cluster and the state table) created once with CreateStack,
 * since the table must exist before a deployment can be recorded; two healthy targets in green's
 * target group (moto's ECS services register none); and green's 5xx alarm, OK.
 *
 * <p>The specs then list the setup stack again (nothing to change: the deployment reads its outputs
 * and resolves {@code ${HostedZoneId}} and friends with them) and create green's service from
 * cfn/service.yaml. Moto runs green's tasks as MOTO_ECS_SERVICE_RUNNING says.
 */
final class MotoWorld {

    static final String TABLE = ShopSetup.STATE_TABLE;
    static final String SETUP_STACK = ShopSetup.SETUP_STACK;
    static final String ALARM = "shop-green-5xx";
    static final Path CFN = Path.of("..", "cfn").toAbsolutePath().normalize();

    private final MotoExtension moto;
    private final Map<String, String> outputs;

    private MotoWorld(MotoExtension moto, Map<String, String> outputs) {
        this.moto = moto;
        this.outputs = outputs;
    }

    static MotoWorld create(MotoExtension moto) {
        try (CloudFormationClient cfn = moto.client(CloudFormationClient.builder());
             ElasticLoadBalancingV2Client elb = moto.client(ElasticLoadBalancingV2Client.builder())) {
            ShopSetup setup = ShopSetup.create(cfn, CFN);
            ShopSetup.registerTargets(elb, setup.targetGroup("green"), "10.42.1.");
            MotoWorld world = new MotoWorld(moto, setup.outputs());
            world.alarm(StateValue.OK);
            return world;
        }
    }

    String endpoint() {
        return moto.endpoint().toString();
    }

    void alarm(StateValue state) {
        try (CloudWatchClient cloudWatch = moto.cloudWatch()) {
            ShopSetup.putAlarm(cloudWatch, ALARM, state, "set by the test");
        }
    }

    /** The weights Route53 holds now for the blue and green records. */
    Weights weights() {
        try (Route53Client route53 = moto.client(Route53Client.builder())) {
            Map<String, Long> bySide = route53.listResourceRecordSets(b -> b.hostedZoneId(outputs.get("HostedZoneId")))
                    .resourceRecordSets().stream()
                    .filter(r -> r.setIdentifier() != null)
                    .collect(Collectors.toMap(ResourceRecordSet::setIdentifier, ResourceRecordSet::weight));
            return new Weights(bySide.get("blue").intValue(), bySide.get("green").intValue());
        }
    }

    Optional<DeploymentRecord> record(String deploymentId) {
        try (DynamoDbClient dynamoDb = moto.client(DynamoDbClient.builder())) {
            return new DynamoDbStateStore(dynamoDb, TABLE).load(deploymentId);
        }
    }

    /** Polls the state table until the deployment satisfies {@code condition}. */
    DeploymentRecord awaitRecord(String deploymentId, Predicate<DeploymentRecord> condition, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Optional<DeploymentRecord> last = Optional.empty();
        while (System.nanoTime() < deadline) {
            last = record(deploymentId);
            if (last.isPresent() && condition.test(last.get())) {
                return last.get();
            }
            Thread.sleep(200);
        }
        throw new AssertionError("deployment " + deploymentId + " did not get there within " + timeout + "; last: "
                + last.map(r -> r.phase() + " step " + r.step()).orElse("not recorded"));
    }

    static Predicate<DeploymentRecord> inPhase(Phase phase) {
        return record -> record.phase() == phase;
    }

    /**
     * A spec file: 50% then 100%, one-second TTL and gate intervals, a bake of {@code firstBake} at
     * 50% and one second at 100%.
     */
    Path spec(Path dir, String deploymentId, String firstBake, boolean withAlarmGate) {
        String alarmGate = withAlarmGate ? """
                  - type: alarms
                    alarms: [%s]
                    interval: 1s
                """.formatted(ALARM) : "";
        String yaml = """
                deployment: %s
                stateTable: %s
                region: us-east-1
                dns:
                  hostedZoneId: ${HostedZoneId}
                  recordName: ${RecordName}
                  blueSetIdentifier: ${BlueSetIdentifier}
                  greenSetIdentifier: ${GreenSetIdentifier}
                  ttl: 1s
                  propagation: 1s
                green:
                  cluster: ${ClusterName}
                  service: shop-green
                  targetGroup: ${GreenTargetGroupArn}
                stacks:
                  - name: %s
                    template: %s
                    parameters:
                      DomainName: example.test
                      RecordName: shop.example.test
                  - name: shop-green
                    template: %s
                    parameters:
                      Side: green
                      ImageTag: "%s"
                steps:
                  - percent: 50
                    bake: %s
                  - percent: 100
                    bake: 1s
                gates:
                  - type: targetHealth
                    minHealthy: 2
                    interval: 1s
                %s
                timeouts:
                  greenRunning: 1m
                  failBack: 1m
                """.formatted(deploymentId, TABLE, SETUP_STACK, CFN.resolve("setup.yaml"), CFN.resolve("service.yaml"),
                deploymentId, firstBake, alarmGate);
        return SpecFiles.write(dir, deploymentId + ".yaml", yaml);
    }
}
