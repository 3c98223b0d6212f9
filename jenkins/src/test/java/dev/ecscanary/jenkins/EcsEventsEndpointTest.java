package dev.ecscanary.jenkins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.domains.Domain;
import dev.ecscanary.aws.DynamoDbStateStore;
import dev.ecscanary.events.EcsEventIntake;
import dev.ecscanary.state.TaskObservation;
import dev.ecscanary.state.TaskObservation.ServiceKey;
import hudson.util.Secret;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.jenkinsci.plugins.plaincredentials.impl.StringCredentialsImpl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The ECS event endpoint as EventBridge's API destination meets it: plain HTTPS POSTs without a
 * CSRF crumb, authenticated by the shared-secret header, each event in the state table before 202.
 */
@WithJenkins
class EcsEventsEndpointTest {

    static final String SECRET = "0123456789abcdef0123456789abcdef-s3cr3t";
    static final String CLUSTER_ARN = "arn:aws:ecs:us-east-1:123456789012:cluster/shop";
    static final String TASK_ARN = "arn:aws:ecs:us-east-1:123456789012:task/shop/0123456789abcdef";

    @RegisterExtension
    static final MotoCanary world = new MotoCanary();

    final HttpClient http = HttpClient.newHttpClient();

    @Test
    void recordsEachEventOnceAndRefusesWhatIsNotOne(JenkinsRule j) throws Exception {
        configure(j);

        HttpResponse<String> recorded = post(j, SECRET, event(3, "RUNNING"));
        assertEquals(202, recorded.statusCode(), recorded.body());
        assertTrue(recorded.body().contains("\"result\":\"recorded\""), recorded.body());
        List<TaskObservation> stored = observations();
        assertEquals(1, stored.size());
        assertEquals("RUNNING", stored.get(0).lastStatus());

        HttpResponse<String> duplicate = post(j, SECRET, event(3, "RUNNING"));
        assertEquals(202, duplicate.statusCode());
        assertTrue(duplicate.body().contains("\"result\":\"duplicate\""), duplicate.body());

        HttpResponse<String> stale = post(j, SECRET, event(2, "PENDING"));
        assertEquals(202, stale.statusCode());
        assertTrue(stale.body().contains("\"result\":\"stale\""), stale.body());
        assertEquals("RUNNING", observations().get(0).lastStatus());

        HttpResponse<String> badSecret = post(j, "not-the-secret", event(4, "STOPPED"));
        assertEquals(401, badSecret.statusCode());
        assertEquals("{\"error\":\"unauthorized\"}", badSecret.body(), "no detail for a wrong secret");
        assertEquals(401, post(j, null, event(4, "STOPPED")).statusCode());

        HttpResponse<String> malformed = post(j, SECRET, "{\"detail-type\": \"ECS Task State Change\", \"source\": \"aws.ecs\"");
        assertEquals(400, malformed.statusCode());
        assertTrue(malformed.body().contains("not JSON"), malformed.body());
        HttpResponse<String> incomplete = post(j, SECRET, "{\"detail-type\": \"ECS Task State Change\", \"source\": \"aws.ecs\"}");
        assertEquals(400, incomplete.statusCode());
        assertTrue(incomplete.body().contains("'detail' is missing"), incomplete.body());

        HttpResponse<String> oversize = post(j, SECRET, "x".repeat(EcsEventIntake.MAX_EVENT_BYTES + 1));
        assertEquals(413, oversize.statusCode());

        HttpResponse<String> ignored = post(j, SECRET, "{\"detail-type\": \"ECS Deployment State Change\"}");
        assertEquals(202, ignored.statusCode());
        assertTrue(ignored.body().contains("\"result\":\"ignored\""), ignored.body());

        assertEquals(1, observations().size(), "only the one task, at version 3");
        assertEquals(3, observations().get(0).version());
    }

    @Test
    void refusesEverythingUntilASecretIsConfigured(JenkinsRule j) throws Exception {
        CanaryConfiguration.get().setStateTable(MotoCanary.TABLE);

        HttpResponse<String> answer = post(j, SECRET, event(1, "RUNNING"));

        assertEquals(503, answer.statusCode());
        assertTrue(observations().isEmpty());
    }

    @Test
    void aSecretTooShortToBeSafeRefusesEveryEventUntilItIsReplaced(JenkinsRule j) throws Exception {
        CredentialsProvider.lookupStores(j.jenkins).iterator().next().addCredentials(Domain.global(),
                new StringCredentialsImpl(CredentialsScope.GLOBAL, "short", "too short", Secret.fromString("s3cr3t")));
        configure(j);
        CanaryConfiguration.get().setEventSecretCredentialsId("short");

        HttpResponse<String> answer = post(j, "s3cr3t", event(1, "RUNNING"));

        assertEquals(503, answer.statusCode());
        assertTrue(answer.body().contains("not configured"), answer.body());
        assertTrue(observations().isEmpty());
    }

    @Test
    void onlyPostIsAccepted(JenkinsRule j) throws Exception {
        configure(j);
        HttpResponse<String> get = http.send(HttpRequest.newBuilder(endpoint(j)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(405, get.statusCode());
    }

    private void configure(JenkinsRule j) throws Exception {
        CredentialsProvider.lookupStores(j.jenkins).iterator().next().addCredentials(Domain.global(),
                new StringCredentialsImpl(CredentialsScope.GLOBAL, "ecs-events", "EventBridge secret",
                        Secret.fromString(SECRET)));
        CanaryConfiguration config = CanaryConfiguration.get();
        config.setEventSecretCredentialsId("ecs-events");
        config.setStateTable(MotoCanary.TABLE);
        config.setRegion("us-east-1");
        config.setEndpointUrl(world.endpoint());
    }

    private HttpResponse<String> post(JenkinsRule j, String secret, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint(j))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (secret != null) {
            request.header(EcsEventsEndpoint.SECRET_HEADER, secret);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static URI endpoint(JenkinsRule j) throws Exception {
        return j.getURL().toURI().resolve(EcsEventsEndpoint.URL_NAME + "/");
    }

    private List<TaskObservation> observations() {
        try (DynamoDbClient dynamoDb = world.client(DynamoDbClient.builder())) {
            return new DynamoDbStateStore(dynamoDb, MotoCanary.TABLE).observations(ServiceKey.of("shop", "shop-green"));
        }
    }

    /** An "ECS Task State Change" as EventBridge delivers it, with a field ECS might add any day. */
    static String event(long version, String lastStatus) {
        return """
                {"version": "0", "id": "e-%d", "detail-type": "ECS Task State Change", "source": "aws.ecs",
                 "account": "123456789012", "time": "2026-03-01T12:00:0%dZ", "region": "us-east-1",
                 "resources": ["%s"],
                 "detail": {"clusterArn": "%s", "taskArn": "%s", "group": "service:shop-green",
                            "lastStatus": "%s", "desiredStatus": "RUNNING", "version": %d,
                            "taskDefinitionArn": "arn:aws:ecs:us-east-1:123456789012:task-definition/shop-green:7",
                            "someFieldFromTheFuture": {"x": 1}}}
                """.formatted(version, version, TASK_ARN, CLUSTER_ARN, TASK_ARN, lastStatus, version);
    }
}
