package dev.ecscanary.cli.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ecscanary.events.EcsEventIntake;
import dev.ecscanary.events.EcsEvents;
import dev.ecscanary.events.SharedSecret;
import dev.ecscanary.inmemory.InMemoryStateStore;
import dev.ecscanary.port.StateStore;
import dev.ecscanary.state.DeploymentRecord;
import dev.ecscanary.state.TaskObservation;
import dev.ecscanary.state.TaskObservation.ServiceKey;
import java.io.ByteArrayInputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RelayServerTest {

    static final String SECRET = "s3cret-s3cret-s3cret-s3cret-s3cret";
    static final Instant AT = Instant.parse("2026-11-26T09:00:00Z");

    private final InMemoryStateStore store = new InMemoryStateStore();
    private final List<ServiceKey> woken = new CopyOnWriteArrayList<>();
    private final List<String> log = new CopyOnWriteArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private RelayServer relay;
    private URI events;

    @BeforeEach
    void start() throws Exception {
        events = startRelay(store);
    }

    @AfterEach
    void stop() {
        relay.close();
    }

    @Test
    void aNewTaskStateIsRecordedAnswered202AndWakesTheService() throws Exception {
        HttpResponse<String> response = post(event(3, "RUNNING"), SECRET);

        assertThat(response.statusCode()).isEqualTo(202);
        JsonNode body = json(response);
        assertThat(body.get("result").asText()).isEqualTo("recorded");
        assertThat(body.get("detail").asText()).contains("task/shop/t-1 version 3: RUNNING");
        assertThat(store.observations(new ServiceKey("shop", "shop-green"))).extracting(TaskObservation::version)
                .containsExactly(3L);
        assertThat(woken).containsExactly(new ServiceKey("shop", "shop-green"));
        awaitLogLine("POST /events 202 recorded task arn:aws:ecs:us-east-1:123456789012:task/shop/t-1 v3 RUNNING");
    }

    @Test
    void theSameEventAgainIsADuplicateAndAnOlderOneIsStale() throws Exception {
        post(event(3, "RUNNING"), SECRET);

        HttpResponse<String> again = post(event(3, "RUNNING"), SECRET);
        HttpResponse<String> older = post(event(2, "PENDING"), SECRET);

        assertThat(again.statusCode()).isEqualTo(202);
        assertThat(json(again).get("result").asText()).isEqualTo("duplicate");
        assertThat(older.statusCode()).isEqualTo(202);
        assertThat(json(older).get("result").asText()).isEqualTo("stale");
        assertThat(store.observations(new ServiceKey("shop", "shop-green"))).extracting(TaskObservation::lastStatus)
                .containsExactly("RUNNING");
        assertThat(woken).hasSize(1);
    }

    @Test
    void aWrongOrMissingSecretIs401AndSaysNothingAboutTheSecret() throws Exception {
        HttpResponse<String> wrong = post(event(3, "RUNNING"), SECRET.substring(1) + "x");
        HttpResponse<String> missing = send(HttpRequest.newBuilder(events).POST(BodyPublishers.ofString("{}")));

        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(missing.statusCode()).isEqualTo(401);
        assertThat(json(wrong).get("error").asText()).isEqualTo("unauthorized");
        assertThat(wrong.body()).doesNotContain(SECRET).doesNotContainIgnoringCase("secret");
        assertThat(store.observations(new ServiceKey("shop", "shop-green"))).isEmpty();
    }

    @Test
    void aMalformedEventIs400WithTheReason() throws Exception {
        HttpResponse<String> notJson = post("{\"detail-type\": ", SECRET);
        HttpResponse<String> noTask = post(event(3, "RUNNING").replace("\"taskArn\"", "\"notTheTaskArn\""), SECRET);

        assertThat(notJson.statusCode()).isEqualTo(400);
        assertThat(json(notJson).get("error").asText()).startsWith("the body is not JSON");
        assertThat(noTask.statusCode()).isEqualTo(400);
        assertThat(json(noTask).get("error").asText()).isEqualTo("'detail.taskArn' is missing or not text");
    }

    @Test
    void anEventOfAnotherKindIsAcceptedAndIgnored() throws Exception {
        HttpResponse<String> response = post(event(3, "RUNNING").replace("ECS Task State Change",
                "ECS Deployment State Change"), SECRET);

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(json(response).get("result").asText()).isEqualTo("ignored");
    }

    @Test
    void anOversizedBodyIs413WhetherItsLengthIsDeclaredOrChunked() throws Exception {
        String huge = "{\"padding\":\"" + "x".repeat(EcsEventIntake.MAX_EVENT_BYTES) + "\"}";

        HttpResponse<String> declared = post(huge, SECRET);
        HttpResponse<String> chunked = send(request(SECRET)
                .POST(BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(huge.getBytes())))); // no length

        assertThat(declared.statusCode()).isEqualTo(413);
        assertThat(chunked.statusCode()).isEqualTo(413);
        assertThat(json(chunked).get("error").asText()).contains("larger than " + EcsEventIntake.MAX_EVENT_BYTES);
    }

    @Test
    void otherMethodsAre405AndOtherPaths404() throws Exception {
        HttpResponse<String> get = send(request(SECRET).GET());
        HttpResponse<String> elsewhere = send(HttpRequest.newBuilder(events.resolve("/other"))
                .header(RelayServer.SECRET_HEADER, SECRET).POST(BodyPublishers.ofString(event(3, "RUNNING"))));

        assertThat(get.statusCode()).isEqualTo(405);
        assertThat(get.headers().firstValue("Allow")).contains("POST");
        assertThat(elsewhere.statusCode()).isEqualTo(404);
    }

    @Test
    void aStoreThatCannotBeReachedIs503SoEventBridgeRetries() throws Exception {
        relay.close();
        URI failing = startRelay(new UnreachableStore());

        HttpResponse<String> response = http.send(HttpRequest.newBuilder(failing)
                .header(RelayServer.SECRET_HEADER, SECRET)
                .POST(BodyPublishers.ofString(event(3, "RUNNING"))).build(), BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(503);
        awaitLogLine("state table error: DynamoDB PutItem failed: connection refused");
        awaitLogLine("POST /events 503 store-unavailable");
    }

    /** The line is logged once the answer is sent: the client may see the answer first. */
    private void awaitLogLine(String text) {
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(log).anySatisfy(line -> assertThat(line).contains(text)));
    }

    private URI startRelay(StateStore target) throws Exception {
        relay = new RelayServer(target, SharedSecret.of(SECRET), InstantSource.fixed(AT), woken::add);
        InetSocketAddress bound = relay.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), log::add);
        return URI.create("http://127.0.0.1:" + bound.getPort() + RelayServer.PATH);
    }

    private static String event(long version, String status) {
        return EcsEvents.taskStateChange("shop", "shop-green", "t-1", version, status, AT);
    }

    private HttpResponse<String> post(String body, String secret) throws Exception {
        return send(request(secret).POST(BodyPublishers.ofString(body)));
    }

    private HttpRequest.Builder request(String secret) {
        return HttpRequest.newBuilder(events).header(RelayServer.SECRET_HEADER, secret)
                .header("Content-Type", "application/json");
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.timeout(Duration.ofSeconds(10)).build(), BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        return new ObjectMapper().readTree(response.body());
    }

    /** A state table that cannot be reached. */
    private static final class UnreachableStore implements StateStore {
        @Override
        public Optional<DeploymentRecord> load(String deploymentId) {
            throw unreachable();
        }

        @Override
        public void create(DeploymentRecord record) {
            throw unreachable();
        }

        @Override
        public void update(DeploymentRecord previous, DeploymentRecord next) {
            throw unreachable();
        }

        @Override
        public ObservationOutcome record(TaskObservation observation) {
            throw unreachable();
        }

        @Override
        public List<TaskObservation> observations(ServiceKey service) {
            throw unreachable();
        }

        @Override
        public List<ActiveDeployment> active() {
            throw unreachable();
        }

        private static StateStoreException unreachable() {
            return new StateStoreException("DynamoDB PutItem failed: connection refused", null);
        }
    }

}
