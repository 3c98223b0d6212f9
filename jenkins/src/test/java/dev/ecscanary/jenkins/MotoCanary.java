package dev.ecscanary.jenkins;

import dev.ecscanary.aws.AwsSettings;
import dev.ecscanary.aws.testing.ShopWorld;
import dev.ecscanary.localaws.CloudWatchProtocolBridge;
import dev.ecscanary.localaws.MotoServer;
import dev.ecscanary.spec.Weights;
import dev.ecscanary.state.DeploymentRecord;
import dev.ecscanary.testkit.MotoExtension;
import hudson.FilePath;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Predicate;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.client.builder.SdkSyncClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.cloudwatch.model.StateValue;

/**
 * The world a canary runs in, in moto, as a JUnit extension of a test class: one moto per class, and
 * before each test the shop's setup created afresh ({@link ShopWorld}, as the CLI's tests have it) and
 * every AWS client the plugin builds aimed at moto. The specs list the setup stack again (nothing
 * changes; its outputs resolve {@code ${HostedZoneId}} and friends) and create green's service from
 * cfn/service.yaml; moto runs its tasks as MOTO_ECS_SERVICE_RUNNING says.
 *
 * <pre>{@code @RegisterExtension static final MotoCanary world = new MotoCanary();}</pre>
 *
 * <p>Moto facts the tests rely on: Route53 changes are INSYNC at once, registered ALB targets are
 * healthy at once, and CloudWatch needs the test-only protocol bridge (moto serves JSON, the SDK
 * speaks rpcv2-CBOR), which {@link #aimPluginAtMoto} installs through {@link AwsAccess#aimForTests}.
 */
final class MotoCanary implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {

    static final String TABLE = ShopWorld.TABLE;
    static final String SETUP_STACK = ShopWorld.SETUP_STACK;
    static final String ALARM = ShopWorld.ALARM;
    static final Path CFN = ShopWorld.CFN;

    private final MotoExtension moto = MotoExtension.builder().env("MOTO_ECS_SERVICE_RUNNING", "2").build();
    private volatile ShopWorld shop;

    @Override
    public void beforeAll(ExtensionContext context) {
        moto.beforeAll(context);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        moto.afterAll(context);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        moto.beforeEach(context);
        shop = ShopWorld.create(moto);
        aimPluginAtMoto();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        AwsAccess.aimForTests(null);
    }

    /** A client of the test's own, straight to moto. */
    <B extends AwsClientBuilder<B, C> & SdkSyncClientBuilder<B, C>, C> C client(B builder) {
        return moto.client(builder);
    }

    /**
     * Every AWS client the plugin builds (steps, build page, event endpoint) goes to moto, with the
     * CloudWatch protocol bridge, and with moto's dummy keys where no credentials were given.
     */
    private void aimPluginAtMoto() {
        URI endpoint = moto.endpoint();
        AwsAccess.aimForTests(settings -> {
            AwsSettings aimed = settings.withHttpClient("cloudwatch",
                    new CloudWatchProtocolBridge(UrlConnectionHttpClient.create()));
            if (aimed.endpoint().isEmpty()) {
                aimed = aimed.withEndpoint(endpoint);
            }
            if (aimed.region().isEmpty()) {
                aimed = aimed.withRegion(MotoServer.REGION.id());
            }
            if (aimed.credentials() instanceof DefaultCredentialsProvider) {
                aimed = aimed.withCredentials(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(MotoServer.DUMMY_KEY, MotoServer.DUMMY_KEY)));
            }
            return aimed;
        });
    }

    String endpoint() {
        return shop.endpoint();
    }

    String output(String name) {
        return shop.output(name);
    }

    void alarm(StateValue state) {
        shop.alarm(state);
    }

    /** The weights Route53 holds now for the blue and green records. */
    Weights weights() {
        return shop.weights();
    }

    Optional<DeploymentRecord> record(String deploymentId) {
        return shop.record(deploymentId);
    }

    /** Waits until the deployment, as the state table holds it, satisfies {@code condition}. */
    DeploymentRecord awaitRecord(String deploymentId, Predicate<DeploymentRecord> condition, Duration timeout) {
        return shop.awaitRecord(deploymentId, condition, timeout);
    }

    /**
     * Writes {@code canary.yaml} and the templates it names (cfn/setup.yaml, cfn/service.yaml, relative
     * to the spec: the plugin copies them to the controller) into a job's workspace.
     *
     * @param ttl       the DNS TTL the engine waits after each shift
     * @param firstBake the bake of the first step (50 %); the second (100 %) bakes 1 s
     * @param approval  whether the second step asks for approval in the spec itself
     */
    void writeWorkspace(FilePath workspace, String deploymentId, String ttl, String firstBake, boolean approval)
            throws IOException, InterruptedException {
        FilePath cfn = workspace.child("cfn");
        cfn.mkdirs();
        cfn.child("setup.yaml").write(Files.readString(CFN.resolve("setup.yaml")), "UTF-8");
        cfn.child("service.yaml").write(Files.readString(CFN.resolve("service.yaml")), "UTF-8");
        workspace.child("canary.yaml").write(spec(deploymentId, ttl, firstBake, approval), "UTF-8");
    }

    static String spec(String deploymentId, String ttl, String firstBake, boolean approval) {
        return """
                deployment: %s
                stateTable: %s
                region: us-east-1
                dns:
                  hostedZoneId: ${HostedZoneId}
                  recordName: ${RecordName}
                  blueSetIdentifier: ${BlueSetIdentifier}
                  greenSetIdentifier: ${GreenSetIdentifier}
                  ttl: %s
                  propagation: 1s
                green:
                  cluster: ${ClusterName}
                  service: shop-green
                  targetGroup: ${GreenTargetGroupArn}
                stacks:
                  - name: %s
                    template: cfn/setup.yaml
                    parameters:
                      DomainName: example.test
                      RecordName: shop.example.test
                  - name: shop-green
                    template: cfn/service.yaml
                    parameters:
                      Side: green
                      ImageTag: "1"
                steps:
                  - percent: 50
                    bake: %s
                  - percent: 100
                    bake: 1s
                    approval: %s
                gates:
                  - type: targetHealth
                    minHealthy: 2
                    interval: 1s
                  - type: alarms
                    alarms: [%s]
                    interval: 1s
                timeouts:
                  greenRunning: 1m
                  failBack: 1m
                """.formatted(deploymentId, TABLE, ttl, SETUP_STACK, firstBake, approval, ALARM);
    }
}
