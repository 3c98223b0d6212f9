package dev.ecscanary.cli;

import dev.ecscanary.aws.testing.StateTables;
import static dev.ecscanary.cli.CliHarness.cli;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.ecscanary.aws.DynamoDbStateStore;
import dev.ecscanary.cli.relay.RelayServer;
import dev.ecscanary.events.EcsEventIntake;
import dev.ecscanary.events.EcsEvents;
import dev.ecscanary.state.TaskObservation;
import dev.ecscanary.state.TaskObservation.ServiceKey;
import dev.ecscanary.testkit.MotoExtension;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** {@code ecs-canary relay} as a user starts it, recording into a DynamoDB table in moto. */
class RelayCommandTest {

    @RegisterExtension
    static final MotoExtension moto = new MotoExtension();

    static final String SECRET = "0123456789abcdef0123456789abcdef-relay";
    static final Pattern LISTENING = Pattern.compile("relay listening on (http://\\S+/events)");

    @TempDir
    Path dir;

    @Test
    void recordsEventsInTheStateTableOnceAndAnswersEachKindOfRequest() throws Exception {
        createStateTable();
        Path secretFile = SpecFiles.write(dir, "relay.secret", SECRET + "\n");
        StringWriter out = new StringWriter();
        CliEnvironment environment = cli().forMoto().environment(out, new StringWriter());
        Thread relay = new Thread(() -> Cli.run(environment, "relay", "--port", "0", "--secret-file",
                secretFile.toString(), "--table", MotoWorld.TABLE, "--region", "us-east-1",
                "--endpoint-url", moto.endpoint().toString()), "relay-under-test");
        relay.start();
        try {
            URI events = awaitListening(out);
            String event = EcsEvents.taskStateChange("shop", "shop-green", "t-1", 4, "RUNNING", Instant.now());

            HttpResponse<String> first = post(events, event, SECRET);
            HttpResponse<String> again = post(events, event, SECRET);
            HttpResponse<String> wrongSecret = post(events, event, SECRET.toUpperCase());
            HttpResponse<String> malformed = post(events, "[]", SECRET);
            HttpResponse<String> oversized = post(events, "{\"x\":\"" + "x".repeat(EcsEventIntake.MAX_EVENT_BYTES)
                    + "\"}", SECRET);
            HttpResponse<String> get = HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY).build()
                    .send(HttpRequest.newBuilder(events).GET().build(), BodyHandlers.ofString());

            assertThat(first.statusCode()).isEqualTo(202);
            assertThat(first.body()).contains("\"result\":\"recorded\"");
            assertThat(again.statusCode()).isEqualTo(202);
            assertThat(again.body()).contains("\"result\":\"duplicate\"");
            assertThat(wrongSecret.statusCode()).isEqualTo(401);
            assertThat(malformed.statusCode()).isEqualTo(400);
            assertThat(malformed.body()).contains("the body is not a JSON object");
            assertThat(oversized.statusCode()).isEqualTo(413);
            assertThat(get.statusCode()).isEqualTo(405);
            try (DynamoDbClient dynamoDb = moto.client(DynamoDbClient.builder())) {
                assertThat(new DynamoDbStateStore(dynamoDb, MotoWorld.TABLE)
                        .observations(new ServiceKey("shop", "shop-green")))
                        .extracting(TaskObservation::version, TaskObservation::lastStatus)
                        .containsExactly(tuple(4L, "RUNNING"));
            }
        } finally {
            relay.interrupt();
            relay.join(TimeUnit.SECONDS.toMillis(10));
        }
        assertThat(relay.isAlive()).isFalse();
        assertThat(out.toString()).contains("POST /events 202 recorded task").contains("POST /events 401 unauthorized");
    }

    private void createStateTable() {
        try (DynamoDbClient dynamoDb = moto.client(DynamoDbClient.builder())) {
            StateTables.create(dynamoDb, MotoWorld.TABLE);
        }
    }

    private static URI awaitListening(StringWriter out) {
        Matcher listening = Awaitility.await("the relay to print where it listens")
                .atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                .until(() -> LISTENING.matcher(out.toString()), Matcher::find);
        return URI.create(listening.group(1));
    }

    private static HttpResponse<String> post(URI events, String body, String secret) throws Exception {
        HttpClient http = HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY).build();
        return http.send(HttpRequest.newBuilder(events).header(RelayServer.SECRET_HEADER, secret)
                .timeout(Duration.ofSeconds(10)).POST(BodyPublishers.ofString(body)).build(), BodyHandlers.ofString());
    }
}
