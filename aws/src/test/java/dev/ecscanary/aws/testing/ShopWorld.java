package dev.ecscanary.aws.testing;

import static org.awaitility.Awaitility.await;

import dev.ecscanary.aws.DynamoDbStateStore;
import dev.ecscanary.localaws.ShopSetup;
import dev.ecscanary.spec.Weights;
import dev.ecscanary.state.DeploymentRecord;
import dev.ecscanary.testkit.MotoExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.awaitility.core.ConditionTimeoutException;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.client.builder.SdkSyncClientBuilder;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.StateValue;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.route53.model.Change;
import software.amazon.awssdk.services.route53.model.ChangeAction;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;

/**
 * The world the command line's and the plugin's tests run a canary in, in moto: the shared setup
 * stack (cfn/setup.yaml: zone, weighted records at blue 100 / green 0, ALBs, cluster, state table)
 * created with CreateStack, two healthy targets in green's target group (moto's ECS services register
 * none), green's 5xx alarm OK; and how a test reads what a deployment did there (weights, record).
 * Published with the aws module's test fixtures (testkit cannot hold it: the aws module's own tests
 * depend on testkit).
 */
public final class ShopWorld {

    public static final String TABLE = ShopSetup.STATE_TABLE;
    public static final String SETUP_STACK = ShopSetup.SETUP_STACK;
    public static final String ALARM = "shop-green-5xx";
    /** The repository's cfn/ folder, seen from a module's directory. */
    public static final Path CFN = Path.of("..", "cfn").toAbsolutePath().normalize();

    private final MotoExtension moto;
    private final Map<String, String> outputs;

    private ShopWorld(MotoExtension moto, Map<String, String> outputs) {
        this.moto = moto;
        this.outputs = Map.copyOf(outputs);
    }

    /** Creates the setup in {@code moto} (reset it first: the setup stack must not exist yet). */
    public static ShopWorld create(MotoExtension moto) {
        try (CloudFormationClient cfn = moto.client(CloudFormationClient.builder());
             ElasticLoadBalancingV2Client elb = moto.client(ElasticLoadBalancingV2Client.builder())) {
            ShopSetup setup = ShopSetup.create(cfn, CFN);
            ShopSetup.registerTargets(elb, setup.targetGroup("green"), "10.42.1.");
            ShopWorld world = new ShopWorld(moto, setup.outputs());
            world.alarm(StateValue.OK);
            return world;
        }
    }

    public String endpoint() {
        return moto.endpoint().toString();
    }

    /** An output of the setup stack, e.g. {@code HostedZoneId}. */
    public String output(String name) {
        return outputs.get(name);
    }

    public void alarm(StateValue state) {
        try (CloudWatchClient cloudWatch = moto.cloudWatch()) {
            ShopSetup.putAlarm(cloudWatch, ALARM, state, "set by the test");
        }
    }

    /** A client of the test's own, straight to moto. */
    public <B extends AwsClientBuilder<B, C> & SdkSyncClientBuilder<B, C>, C> C client(B builder) {
        return moto.client(builder);
    }

    /** The weights Route53 holds now for the blue and green records. */
    public Weights weights() {
        try (Route53Client route53 = moto.client(Route53Client.builder())) {
            Map<String, Long> bySide = route53.listResourceRecordSets(b -> b.hostedZoneId(outputs.get("HostedZoneId")))
                    .resourceRecordSets().stream()
                    .filter(r -> r.setIdentifier() != null)
                    .collect(Collectors.toMap(ResourceRecordSet::setIdentifier, ResourceRecordSet::weight));
            return new Weights(bySide.get("blue").intValue(), bySide.get("green").intValue());
        }
    }

    /** Sets the blue and green records' weights by hand, as a person (or another tool) would. */
    public void setWeights(Weights weights) {
        try (Route53Client route53 = moto.client(Route53Client.builder())) {
            String zone = outputs.get("HostedZoneId");
            List<Change> changes = route53.listResourceRecordSets(b -> b.hostedZoneId(zone)).resourceRecordSets()
                    .stream().filter(r -> r.setIdentifier() != null)
                    .map(r -> Change.builder().action(ChangeAction.UPSERT).resourceRecordSet(r.toBuilder()
                            .weight((long) (r.setIdentifier().equals("green") ? weights.green() : weights.blue()))
                            .build()).build())
                    .toList();
            route53.changeResourceRecordSets(b -> b.hostedZoneId(zone).changeBatch(c -> c.changes(changes)));
        }
    }

    public Optional<DeploymentRecord> record(String deploymentId) {
        try (DynamoDbClient dynamoDb = moto.client(DynamoDbClient.builder())) {
            return new DynamoDbStateStore(dynamoDb, TABLE).load(deploymentId);
        }
    }

    /** Records a deployment as {@code created}, then as {@code next}, as its driver would have written them. */
    public void record(DeploymentRecord created, DeploymentRecord next) {
        try (DynamoDbClient dynamoDb = moto.client(DynamoDbClient.builder())) {
            DynamoDbStateStore store = new DynamoDbStateStore(dynamoDb, TABLE);
            store.create(created);
            store.update(created, next);
        }
    }

    /** Waits until the deployment, as the state table holds it, satisfies {@code condition}. */
    public DeploymentRecord awaitRecord(String deploymentId, Predicate<DeploymentRecord> condition, Duration timeout) {
        AtomicReference<Optional<DeploymentRecord>> last = new AtomicReference<>(Optional.empty());
        try {
            return await().atMost(timeout).pollInterval(Duration.ofMillis(200)).until(() -> {
                last.set(record(deploymentId));
                return last.get().orElse(null);
            }, record -> record != null && condition.test(record));
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("deployment " + deploymentId + " did not get there within " + timeout
                    + "; last: " + last.get().map(r -> r.phase() + " step " + r.step()).orElse("not recorded"), e);
        }
    }
}
