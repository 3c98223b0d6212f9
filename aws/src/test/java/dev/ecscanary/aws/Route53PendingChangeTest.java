package dev.ecscanary.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecscanary.engine.CanaryEngine;
import dev.ecscanary.engine.EnginePorts;
import dev.ecscanary.engine.EngineSettings;
import dev.ecscanary.inmemory.SimulatedWorld;
import dev.ecscanary.spec.CanarySpec;
import dev.ecscanary.spec.DnsSpec;
import dev.ecscanary.spec.Weights;
import dev.ecscanary.state.DeploymentRecord;
import dev.ecscanary.state.HistoryEntry;
import dev.ecscanary.state.Phase;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpFullResponse;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.route53.Route53Client;

/**
 * Moto reports every change INSYNC at once; real Route53 takes its time. Here the real Route53
 * client talks to canned Route53 answers in which the change stays PENDING for two polls.
 */
class Route53PendingChangeTest {

    static final String ZONE = "Z0CANNED0ZONE";
    static final String CHANGE = "C0PENDING0CHANGE";

    final CannedRoute53 http = new CannedRoute53("PENDING", "PENDING", "INSYNC");
    final Route53Client route53 = Route53Client.builder()
            .region(Region.AWS_GLOBAL)
            .endpointOverride(URI.create("http://route53.canned.test"))
            .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
            .httpClient(http)
            .build();
    final Route53TrafficRouter router = new Route53TrafficRouter(route53);

    @AfterEach
    void closeClient() {
        route53.close();
    }

    @Test
    void aChangeIsNotInSyncUntilRoute53SaysSo() {
        String change = router.setWeights(dns(), Weights.ALL_BLUE, new Weights(90, 10));

        assertThat(change).isEqualTo(CHANGE);
        assertThat(List.of(router.isInSync(change), router.isInSync(change), router.isInSync(change)))
                .containsExactly(false, false, true);
    }

    @Test
    void theEngineWaitsForThePendingChangeBeforeTheTtl() {
        SimulatedWorld world = SimulatedWorld.builder().build();
        world.ecs.runningFrom(DynamoDbStateStoreTest.GREEN, world.clock.instant());
        EnginePorts ports = new EnginePorts(world.store, router, world.stacks, world.ecs, world.gates, world.approvals,
                null, world.clock);
        CanaryEngine engine = new CanaryEngine(ports, EngineSettings.DEFAULTS, "driver-a");
        engine.start(spec());

        DeploymentRecord settling = DynamoDbStateStoreTest.tickUntil(engine, world.clock, "web-1",
                r -> r.phase() == Phase.SETTLING);

        assertThat(http.getChanges).isEqualTo(3);
        assertThat(http.changeBodies).hasSize(1);
        assertThat(http.changeBodies.get(0).split("<Action>DELETE</Action>", -1)).as("a swap").hasSize(3);
        assertThat(http.changeBodies.get(0).split("<Action>CREATE</Action>", -1)).as("a swap").hasSize(3);
        Instant written = at(settling, "weights set to blue 90 / green 10");
        Instant inSync = at(settling, "Route53 change " + CHANGE + " in sync");
        // The spec expects the default propagation (60s): looks at 45s, then every 15s.
        assertThat(Duration.between(written, inSync)).as("looks at 45s, 60s and 75s")
                .isEqualTo(Duration.ofSeconds(75));
    }

    static Instant at(DeploymentRecord record, String eventStart) {
        return record.history().stream().filter(e -> e.text().startsWith(eventStart)).map(HistoryEntry::at)
                .findFirst().orElseThrow(() -> new AssertionError("no '" + eventStart + "' in " + record.history()));
    }

    static DnsSpec dns() {
        return new DnsSpec(ZONE, "shop.example.test", "blue", "green", null, null);
    }

    static CanarySpec spec() {
        CanarySpec spec = DynamoDbStateStoreTest.spec("web-1");
        return new CanarySpec(spec.deploymentId(), spec.stateTable(), spec.region(), dns(), spec.green(), spec.blue(),
                spec.stacks(), spec.steps(), spec.gates(), spec.timeouts());
    }

    /**
     * Route53's REST-XML answers for the three calls the router makes: the records (blue 100 /
     * green 0, alias), the change (PENDING), and GetChange from a script of statuses.
     */
    static final class CannedRoute53 implements SdkHttpClient {
        private static final String NS = "https://route53.amazonaws.com/doc/2013-04-01/";

        final List<String> changeBodies = new ArrayList<>();
        int getChanges;
        private final Deque<String> statuses;
        private String lastStatus;

        CannedRoute53(String... statuses) {
            this.statuses = new ArrayDeque<>(List.of(statuses));
        }

        @Override
        public synchronized ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
            String path = request.httpRequest().encodedPath();
            String body;
            if (request.httpRequest().method() == SdkHttpMethod.GET && path.endsWith("/rrset")) {
                body = records();
            } else if (request.httpRequest().method() == SdkHttpMethod.POST && path.contains("/rrset")) {
                changeBodies.add(request.contentStreamProvider().map(CannedRoute53::read).orElse(""));
                body = changeInfo("ChangeResourceRecordSetsResponse", "PENDING");
            } else if (path.contains("/change/")) {
                getChanges++;
                lastStatus = statuses.isEmpty() ? lastStatus : statuses.poll();
                body = changeInfo("GetChangeResponse", lastStatus);
            } else {
                throw new AssertionError("the router made an unexpected call: " + request.httpRequest().method() + " "
                        + path);
            }
            return answer(body);
        }

        private static String records() {
            return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><ListResourceRecordSetsResponse xmlns=\"" + NS + "\">"
                    + "<ResourceRecordSets>" + alias("blue", 100) + alias("green", 0) + "</ResourceRecordSets>"
                    + "<IsTruncated>false</IsTruncated><MaxItems>300</MaxItems></ListResourceRecordSetsResponse>";
        }

        private static String alias(String side, int weight) {
            return "<ResourceRecordSet><Name>shop.example.test.</Name><Type>A</Type><SetIdentifier>" + side
                    + "</SetIdentifier><Weight>" + weight + "</Weight><AliasTarget><HostedZoneId>Z35SXDOTRQ7X7K"
                    + "</HostedZoneId><DNSName>" + side + "-1.us-east-1.elb.amazonaws.com.</DNSName>"
                    + "<EvaluateTargetHealth>false</EvaluateTargetHealth></AliasTarget></ResourceRecordSet>";
        }

        private static String changeInfo(String response, String status) {
            return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><" + response + " xmlns=\"" + NS + "\"><ChangeInfo>"
                    + "<Id>/change/" + CHANGE + "</Id><Status>" + status + "</Status>"
                    + "<SubmittedAt>2026-11-26T09:00:00.000Z</SubmittedAt></ChangeInfo></" + response + ">";
        }

        private static ExecutableHttpRequest answer(String body) {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            return new ExecutableHttpRequest() {
                @Override
                public HttpExecuteResponse call() {
                    return HttpExecuteResponse.builder()
                            .response(SdkHttpFullResponse.builder().statusCode(200)
                                    .putHeader("Content-Type", "text/xml")
                                    .putHeader("Content-Length", Integer.toString(bytes.length)).build())
                            .responseBody(AbortableInputStream.create(new ByteArrayInputStream(bytes)))
                            .build();
                }

                @Override
                public void abort() {
                }
            };
        }

        private static String read(ContentStreamProvider provider) {
            try (InputStream in = provider.newStream()) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void close() {
        }
    }
}
