package dev.ecscanary.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ecscanary.events.EcsEvents;
import dev.ecscanary.inmemory.InMemoryStateStore;
import dev.ecscanary.inmemory.VirtualClock;
import dev.ecscanary.port.StateStore;
import dev.ecscanary.port.StateStore.StateStoreException;
import dev.ecscanary.state.TaskObservation;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One delivery to any event endpoint: the answer for every kind of request, decided in one place. */
class EventReceiverTest {

    static final Instant T = Instant.parse("2026-11-26T09:00:00Z");
    static final String SECRET = "0123456789abcdef0123456789abcdef-s3cr3t";

    final InMemoryStateStore store = new InMemoryStateStore();
    final List<String> errors = new ArrayList<>();
    final EventReceiver receiver = receiver(store);

    @Test
    void aWellFormedEventIsRecordedBeforeTheAnswerAndOnlyOnce() {
        String event = EcsEvents.taskStateChange("shop", "shop-green", "t1", 3, "RUNNING", T);

        EventAnswer first = receive(SECRET, event);
        EventAnswer again = receive(SECRET, event);

        assertThat(first.status()).isEqualTo(202);
        assertThat(first.body()).contains("\"result\":\"recorded\"").contains("version 3: RUNNING");
        assertThat(again.result()).isEqualTo("duplicate");
        assertThat(store.observations(TaskObservation.ServiceKey.of("shop", "shop-green"))).hasSize(1);
    }

    @Test
    void aWrongOrMissingSecretIs401AndSaysNothingMore() {
        EventAnswer wrong = receive("not-the-secret", "{}");
        EventAnswer missing = receive(null, "{}");

        assertThat(wrong.status()).isEqualTo(401);
        assertThat(missing.status()).isEqualTo(401);
        assertThat(wrong.body()).isEqualTo("{\"error\":\"unauthorized\"}");
    }

    @Test
    void anEventTooLargeIs413WhetherDeclaredOrRead() {
        String large = "x".repeat(EcsEventIntake.MAX_EVENT_BYTES + 1);

        EventAnswer declared = receiver.receive(SECRET, large.length(), stream(large));
        EventAnswer chunked = receiver.receive(SECRET, -1, stream(large));

        assertThat(declared.status()).isEqualTo(413);
        assertThat(chunked.status()).isEqualTo(413);
        assertThat(chunked.body()).contains("larger than " + EcsEventIntake.MAX_EVENT_BYTES + " bytes");
    }

    @Test
    void whatCannotBeReadIs400WithTheReason() {
        EventAnswer answer = receive(SECRET, "{\"detail-type\": \"ECS Task State Change\", \"source\": \"aws.ecs\"}");

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.body()).contains("'detail' is missing");
    }

    @Test
    void anUnreachableStateTableIs503SoEventBridgeRetries() {
        StateStore down = (StateStore) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {StateStore.class}, (proxy, method, args) -> {
                    throw new StateStoreException("DynamoDB PutItem failed: connection refused", null);
                });

        EventAnswer answer = receiver(down).receive(SECRET, -1,
                stream(EcsEvents.taskStateChange("shop", "shop-green", "t1", 3, "RUNNING", T)));

        assertThat(answer.status()).isEqualTo(503);
        assertThat(answer.result()).isEqualTo("store-unavailable");
        assertThat(errors).containsExactly("store-unavailable: DynamoDB PutItem failed: connection refused");
    }

    @Test
    void theSecretIsComparedExactlyAndMustBeLongEnough() {
        SharedSecret secret = SharedSecret.of(SECRET);
        assertThat(secret.matches(SECRET)).isTrue();
        assertThat(secret.matches(SECRET.toUpperCase())).isFalse();
        assertThat(secret.matches(SECRET + "0")).isFalse();
        assertThat(secret.matches(null)).isFalse();
        assertThat(secret).hasToString("SharedSecret[hidden]");
        assertThatThrownBy(() -> SharedSecret.of("too short"))
                .hasMessage("the secret must be at least 32 characters, was 9");
    }

    private EventReceiver receiver(StateStore target) {
        return new EventReceiver(SharedSecret.of(SECRET), new EcsEventIntake(target, service -> { }, new VirtualClock(T)),
                (result, error) -> errors.add(result + ": " + error.getMessage()));
    }

    private EventAnswer receive(String secret, String body) {
        return receiver.receive(secret, body.getBytes(StandardCharsets.UTF_8).length, stream(body));
    }

    private static InputStream stream(String body) {
        return new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8));
    }
}
