package dev.ecscanary.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecscanary.engine.CanaryEngine;
import dev.ecscanary.engine.DeploymentDriver;
import dev.ecscanary.engine.EngineSettings;
import dev.ecscanary.engine.TickOutcome;
import dev.ecscanary.inmemory.ScriptedApprovals;
import dev.ecscanary.port.ProgressListener;
import dev.ecscanary.port.Scheduler;
import dev.ecscanary.spec.CanarySpec;
import dev.ecscanary.spec.DnsSpec;
import dev.ecscanary.spec.GateSpec;
import dev.ecscanary.spec.ServiceSide;
import dev.ecscanary.spec.StackSpec;
import dev.ecscanary.spec.StepSpec;
import dev.ecscanary.spec.Steps;
import dev.ecscanary.spec.Timeouts;
import dev.ecscanary.spec.Weights;
import dev.ecscanary.state.DeploymentRecord;
import dev.ecscanary.state.FailBack.Trigger;
import dev.ecscanary.state.HistoryEntry;
import dev.ecscanary.state.HistoryEvent;
import dev.ecscanary.state.Phase;
import dev.ecscanary.state.Verdict;
import dev.ecscanary.localaws.CloudWatchProtocolBridge;
import dev.ecscanary.testkit.MotoExtension;
import dev.ecscanary.localaws.MotoServer;
import dev.ecscanary.localaws.ShopSetup;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.cloudwatch.model.StateValue;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.route53.model.Change;
import software.amazon.awssdk.services.route53.model.ChangeAction;
import software.amazon.awssdk.services.route53.model.ResourceRecord;

/**
 * The engine with every real adapter, against moto: a canary whose gates hold is promoted (the
 * records end at green 100 / blue 0), one whose alarm fires at 25 % fails back (blue 100 / green
 * 0), and either way the whole history is in the DynamoDB table the setup template created.
 *
 * <p>The shared setup is created once with CreateStack, as an operator would: moto computes no
 * outputs for stacks made by change sets. Each deployment then applies the setup again (no
 * changes), the blue side and its green side, fed by the setup's outputs. moto starts no ECS tasks
 * and registers none in target groups, so the test plays ECS: it registers targets (healthy at once
 * in moto) and has services report their tasks running (MOTO_ECS_SERVICE_RUNNING).
 */
class EndToEndCanaryTest {

    @RegisterExtension
    static final MotoExtension moto = MotoExtension.builder().env("MOTO_ECS_SERVICE_RUNNING", "2").build();

    static final Path CFN = Path.of("..", "cfn");
    static final String ALARM = "shop-green-5xx";

    AwsClients clients;
    Map<String, String> setup;
    ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    ExecutorService workers = Executors.newFixedThreadPool(2);

    @BeforeEach
    void sharedSetupExists() {
        clients = new AwsClients(AwsSettings.defaults()
                .withRegion(MotoServer.REGION.id())
                .withEndpoint(moto.endpoint())
                .withCredentials(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(MotoServer.DUMMY_KEY, MotoServer.DUMMY_KEY)))
                .withHttpClient("cloudwatch", new CloudWatchProtocolBridge(UrlConnectionHttpClient.create())));
        ShopSetup shop = ShopSetup.create(clients.cloudFormation(), CFN);
        setup = shop.outputs();
        ShopSetup.registerTargets(clients.elb(), shop.targetGroup("blue"), "10.42.0.");
        ShopSetup.registerTargets(clients.elb(), shop.targetGroup("green"), "10.42.1.");
        ShopSetup.putAlarm(clients.cloudWatch(), ALARM, StateValue.OK, "no errors");
    }

    @AfterEach
    void stop() {
        timer.shutdownNow();
        workers.shutdownNow();
        clients.close();
    }

    @Test
    void aHealthyCanaryIsPromotedAndRecordedInDynamoDb() throws Exception {
        DeploymentRecord done = deploy("e2e-promoted", entry -> { });

        assertThat(done.phase()).isEqualTo(Phase.PROMOTED);
        assertThat(weightsInRoute53(done)).isEqualTo(Weights.ALL_GREEN);
        assertThat(done.history()).extracting(HistoryEntry::phase).containsSubsequence(Phase.PENDING,
                Phase.DEPLOYING_STACKS, Phase.AWAITING_GREEN, Phase.GREEN_RUNNING, Phase.SHIFTING, Phase.SETTLING,
                Phase.BAKING, Phase.PROMOTED);
        assertThat(done.history()).filteredOn(e -> e.is(HistoryEvent.WeightsWritten.class)).extracting(
                HistoryEntry::weights).containsExactly(new Weights(90, 10), new Weights(75, 25), new Weights(50, 50),
                Weights.ALL_GREEN);
        assertThat(phaseAttributeInTable("e2e-promoted")).isEqualTo("PROMOTED");
    }

    @Test
    void anAlarmFiringAtTwentyFivePercentFailsBackToBlue() throws Exception {
        DeploymentRecord done = deploy("e2e-rolled-back", entry -> {
            if (entry.is(HistoryEvent.WeightsWritten.class) && entry.weights().equals(new Weights(75, 25))) {
                clients.cloudWatch().setAlarmState(b -> b.alarmName(ALARM).stateValue(StateValue.ALARM)
                        .stateReason("Threshold Crossed: 42 5xx answers from green"));
            }
        });

        assertThat(done.phase()).isEqualTo(Phase.ROLLED_BACK);
        assertThat(done.failBack().trigger()).isEqualTo(Trigger.GATE_FAILED);
        assertThat(done.failBack().reason()).isEqualTo("gate alarms failed at step 2");
        assertThat(weightsInRoute53(done)).isEqualTo(Weights.ALL_BLUE);
        assertThat(phaseAttributeInTable("e2e-rolled-back")).isEqualTo("ROLLED_BACK");
        DeploymentRecord stored = AwsPorts.stateStore(clients, setup.get("StateTableName")).load("e2e-rolled-back")
                .orElseThrow();
        assertThat(stored.history()).isEqualTo(done.history());
        assertThat(stored.history()).anySatisfy(e -> assertThat(e.gates()).anySatisfy(gate -> {
            assertThat(gate.gate()).isEqualTo("alarms");
            assertThat(gate.verdict()).isEqualTo(Verdict.FAIL);
            assertThat(gate.message()).contains(ALARM).contains("Threshold Crossed");
            assertThat(gate.measured()).containsEntry("inAlarm", 1.0);
        }));
    }

    @Test
    void weightsSomeoneElseWritesAreNeverOverwrittenButFailedBackFrom() throws Exception {
        Weights byHand = new Weights(60, 40);
        DeploymentRecord done = deploy("e2e-drift", entry -> {
            if (entry.is(HistoryEvent.WeightsWritten.class) && entry.weights().equals(new Weights(75, 25))) {
                writeByHand(byHand);
            }
        });

        assertThat(done.phase()).isEqualTo(Phase.ROLLED_BACK);
        assertThat(done.failBack().trigger()).isEqualTo(Trigger.DRIFT);
        assertThat(weightsInRoute53(done)).isEqualTo(Weights.ALL_BLUE);
        assertThat(done.history()).filteredOn(e -> e.is(HistoryEvent.WeightsWritten.class)).extracting(
                HistoryEntry::weights).containsExactly(new Weights(90, 10), new Weights(75, 25), Weights.ALL_BLUE);
        DeploymentRecord stored = AwsPorts.stateStore(clients, setup.get("StateTableName")).load("e2e-drift")
                .orElseThrow();
        assertThat(stored.history()).filteredOn(e -> e.is(HistoryEvent.Drifted.class)).singleElement()
                .satisfies(e -> assertThat(e.event()).isEqualTo(new HistoryEvent.Drifted(new Weights(75, 25), byHand,
                        "failBack")));
    }

    /** Another client (a person at the console) sets both weights in Route53. */
    private void writeByHand(Weights weights) {
        DnsSpec dns = AwsPorts.stateStore(clients, setup.get("StateTableName")).load("e2e-drift").orElseThrow()
                .spec().dns();
        List<Change> changes = clients.route53().listResourceRecordSets(b -> b.hostedZoneId(dns.hostedZoneId()))
                .resourceRecordSets().stream().filter(r -> r.setIdentifier() != null)
                .map(r -> Change.builder().action(ChangeAction.UPSERT).resourceRecordSet(r.toBuilder().ttl(null)
                        .resourceRecords((List<ResourceRecord>) null)
                        .weight((long) (r.setIdentifier().equals(dns.greenSetIdentifier()) ? weights.green()
                                : weights.blue())).build()).build())
                .toList();
        clients.route53().changeResourceRecordSets(b -> b.hostedZoneId(dns.hostedZoneId())
                .changeBatch(c -> c.changes(changes)));
    }

    private DeploymentRecord deploy(String id, Consumer<HistoryEntry> onHistory) throws Exception {
        ProgressListener listener = new ProgressListener() {
            @Override
            public void onHistory(DeploymentRecord record, HistoryEntry entry) {
                onHistory.accept(entry);
            }
        };
        Clock clock = Clock.systemUTC();
        CanaryEngine engine = new CanaryEngine(AwsPorts.of(clients, setup.get("StateTableName"),
                ScriptedApprovals.automatic("test"), listener, clock), EngineSettings.DEFAULTS, "e2e-test");
        engine.start(spec(id));
        DeploymentDriver driver = new DeploymentDriver(engine, Scheduler.of(timer, clock), workers, clock);
        TickOutcome outcome;
        try {
            outcome = driver.drive(id).get(2, TimeUnit.MINUTES);
        } catch (java.util.concurrent.TimeoutException e) {
            DeploymentRecord stuck = engine.load(id);
            throw new AssertionError("not finished within 2 minutes: " + stuck.phase() + ", " + stuck.lastError()
                    + ", history " + stuck.history(), e);
        }
        return outcome.record();
    }

    private CanarySpec spec(String id) {
        Duration bake = Duration.ofSeconds(2);
        return new CanarySpec(id, setup.get("StateTableName"), MotoServer.REGION.id(),
                new DnsSpec("${HostedZoneId}", "${RecordName}", "${BlueSetIdentifier}", "${GreenSetIdentifier}",
                        Duration.ofSeconds(1), Duration.ofSeconds(1)),
                new ServiceSide("${ClusterName}", "shop-green", "${GreenTargetGroupArn}", "${GreenLoadBalancerFullName}"),
                new ServiceSide("${ClusterName}", "shop-blue", "${BlueTargetGroupArn}", "${BlueLoadBalancerFullName}"),
                List.of(new StackSpec("shop-setup", CFN.resolve("setup.yaml").toString(), ShopSetup.SETUP_PARAMETERS),
                        new StackSpec("shop-blue", CFN.resolve("service.yaml").toString(), Map.of("Side", "blue")),
                        new StackSpec("shop-green", CFN.resolve("service.yaml").toString(),
                                Map.of("Side", "green", "ImageTag", "1.1"))),
                Steps.of(StepSpec.of(10, bake, false), StepSpec.of(25, bake, false), StepSpec.of(50, bake, false),
                        StepSpec.of(100, bake, false)),
                List.of(new GateSpec.TargetHealth(null, Duration.ofSeconds(1), null, null, 2),
                        new GateSpec.Alarms(null, Duration.ofSeconds(1), null, List.of(ALARM))),
                new Timeouts(Duration.ofMinutes(2), Duration.ofMinutes(1), Duration.ofMinutes(1), Duration.ofSeconds(10),
                        null, Duration.ofMinutes(1)));
    }

    private Weights weightsInRoute53(DeploymentRecord done) {
        DnsSpec dns = done.spec().dns();
        assertThat(dns.hostedZoneId()).isEqualTo(setup.get("HostedZoneId"));
        return new Route53TrafficRouter(clients.route53()).currentWeights(dns);
    }

    private String phaseAttributeInTable(String id) {
        Map<String, AttributeValue> item = clients.dynamoDb().getItem(b -> b.tableName(setup.get("StateTableName"))
                .key(Map.of("pk", AttributeValue.fromS("deployment#" + id), "sk", AttributeValue.fromS("state")))
                .consistentRead(true)).item();
        return item.get("phase").s();
    }
}
