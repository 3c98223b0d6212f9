package dev.ecscanary.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ecscanary.aws.gates.AwsGateFactory;
import dev.ecscanary.engine.EnginePorts;
import dev.ecscanary.inmemory.ScriptedApprovals;
import dev.ecscanary.port.Gate.GateContext;
import dev.ecscanary.port.ProgressListener;
import dev.ecscanary.spec.CanarySpec;
import dev.ecscanary.spec.GateSpec;
import dev.ecscanary.spec.ServiceSide;
import dev.ecscanary.spec.Weights;
import dev.ecscanary.state.Verdict;
import dev.ecscanary.localaws.CloudWatchProtocolBridge;
import dev.ecscanary.testkit.MotoExtension;
import dev.ecscanary.localaws.MotoServer;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;

class AwsPortsTest {

    @RegisterExtension
    static final MotoExtension moto = new MotoExtension();

    AwsClients clients;

    @BeforeEach
    void clientsAimedAtMoto() {
        clients = new AwsClients(AwsSettings.defaults()
                .withRegion(MotoServer.REGION.id())
                .withEndpoint(moto.endpoint())
                .withCredentials(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(MotoServer.DUMMY_KEY, MotoServer.DUMMY_KEY)))
                .withHttpClient("cloudwatch", new CloudWatchProtocolBridge(UrlConnectionHttpClient.create())));
    }

    @AfterEach
    void close() {
        clients.close();
    }

    @Test
    void assemblesTheAwsAdapterOfEachPort() {
        InstantSource clock = InstantSource.fixed(Instant.parse("2026-03-01T12:00:00Z"));

        EnginePorts ports = AwsPorts.of(clients, "shop-ecs-canary-state", ScriptedApprovals.automatic("test"), null, clock);

        assertThat(ports.store()).isInstanceOf(DynamoDbStateStore.class);
        assertThat(ports.router()).isInstanceOf(Route53TrafficRouter.class);
        assertThat(ports.stacks()).isInstanceOf(CloudFormationStacks.class);
        assertThat(ports.readiness()).isInstanceOf(EcsGreenReadiness.class);
        assertThat(ports.gates()).isInstanceOf(AwsGateFactory.class);
        assertThat(ports.listener()).isSameAs(ProgressListener.NONE);
        assertThat(ports.clock()).isSameAs(clock);
    }

    @Test
    void theAdaptersReachAwsThroughTheSharedClients() {
        EnginePorts ports = AwsPorts.of(clients, "shop-ecs-canary-state", ScriptedApprovals.automatic("test"), null,
                InstantSource.system());
        clients.ecs().createCluster(r -> r.clusterName("shop"));

        assertThatThrownBy(() -> ports.readiness().poll(new ServiceSide("shop", "shop-green", null, null)))
                .hasMessageStartingWith("ECS cannot describe service shop-green in cluster shop: MISSING");
        CanarySpec spec = new CanarySpec("deploy-1", null, null, null, null, null, null, null, List.of(), null);
        GateContext context = new GateContext("deploy-1", 1, Weights.forGreenPercent(10),
                Instant.now().minusSeconds(300), Instant.now());
        assertThat(ports.gates().create(new GateSpec.Alarms(null, null, null, List.of("green-5xx")), spec)
                .evaluate(context).verdict()).isEqualTo(Verdict.FAIL);
    }

    @Test
    void aStateTableMustBeNamed() {
        assertThatThrownBy(() -> AwsPorts.stateStore(clients, " "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("state table");
    }
}
