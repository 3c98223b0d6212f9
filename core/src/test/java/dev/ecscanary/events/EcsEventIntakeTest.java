package dev.ecscanary.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecscanary.events.EcsEvents;
import dev.ecscanary.inmemory.InMemoryStateStore;
import dev.ecscanary.inmemory.VirtualClock;
import dev.ecscanary.state.TaskObservation;
import dev.ecscanary.state.TaskObservation.ServiceKey;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class EcsEventIntakeTest {

    static final Instant T = Instant.parse("2026-11-26T09:00:00Z");
    static final ServiceKey GREEN = new ServiceKey("shop", "shop-green");

    final InMemoryStateStore store = new InMemoryStateStore();
    final List<ServiceKey> woken = new CopyOnWriteArrayList<>();
    final EcsEventIntake intake = new EcsEventIntake(store, woken::add, new VirtualClock(T));

    @Test
    void recordsANewTaskStateAndWakesWhoeverWaitsOnTheService() {
        IntakeResult result = intake.accept(EcsEvents.taskStateChange("shop", "shop-green", "t1", 3, "RUNNING", T));

        assertThat(result).isInstanceOfSatisfying(IntakeResult.Recorded.class, r -> {
            TaskObservation task = r.observation();
            assertThat(task.serviceKey()).isEqualTo(GREEN);
            assertThat(task.taskArn()).isEqualTo("arn:aws:ecs:us-east-1:123456789012:task/shop/t1");
            assertThat(task.version()).isEqualTo(3);
            assertThat(task.isRunning()).isTrue();
        });
        assertThat(woken).containsExactly(GREEN);
    }

    @Test
    void aDuplicateDeliveryChangesNothing() {
        String event = EcsEvents.taskStateChange("shop", "shop-green", "t1", 3, "RUNNING", T);
        intake.accept(event);

        assertThat(intake.accept(event)).isInstanceOf(IntakeResult.Duplicate.class);
        assertThat(woken).hasSize(1);
    }

    @Test
    void anOlderVersionArrivingLateDoesNotOverwriteTheNewer() {
        intake.accept(EcsEvents.taskStateChange("shop", "shop-green", "t1", 4, "STOPPED", T));

        assertThat(intake.accept(EcsEvents.taskStateChange("shop", "shop-green", "t1", 3, "RUNNING", T)))
                .isInstanceOf(IntakeResult.Stale.class);
        assertThat(store.observations(GREEN)).singleElement()
                .satisfies(t -> assertThat(t.lastStatus()).isEqualTo("STOPPED"));
    }

    static Stream<Arguments> malformed() {
        String good = EcsEvents.taskStateChange("shop", "shop-green", "t1", 3, "RUNNING", T);
        return Stream.of(
                Arguments.of("", "the body is empty"),
                Arguments.of("{not json", "the body is not JSON"),
                Arguments.of("[1,2]", "not a JSON object"),
                Arguments.of("{\"source\":\"aws.ecs\"}", "'detail-type' is missing"),
                Arguments.of(good.replace("\"aws.ecs\"", "\"aws.ec2\""), "'source' must be 'aws.ecs'"),
                Arguments.of(good.replace("\"taskArn\"", "\"taskArnX\""), "'detail.taskArn' is missing"),
                Arguments.of(good.replace("\"version\":3", "\"version\":\"3\""), "'detail.version' is missing or not a whole number"),
                Arguments.of(good.replace("\"version\":3", "\"version\":3.5"), "'detail.version' is missing or not a whole number"),
                Arguments.of(good.replace("\"lastStatus\":\"RUNNING\",\"desired", "\"lastStatus\":7,\"desired"),
                        "'detail.lastStatus' is missing or not text"),
                Arguments.of(good.replace("2026-11-26T09:00:00Z", "yesterday"), "'time' is not an ISO-8601 instant"),
                Arguments.of("{\"detail-type\":\"ECS Task State Change\",\"source\":\"aws.ecs\",\"detail\":[]}",
                        "'detail' is missing or not an object"),
                Arguments.of("x".repeat(EcsEventIntake.MAX_EVENT_BYTES + 1), "larger than 262144 bytes"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("malformed")
    void aMalformedEventIsRejectedWithAReasonAndChangesNothing(String body, String reason) {
        assertThat(intake.accept(body)).isInstanceOfSatisfying(IntakeResult.Rejected.class,
                r -> assertThat(r.reason()).contains(reason));
        assertThat(store.observations(GREEN)).isEmpty();
        assertThat(woken).isEmpty();
    }

    @Test
    void otherEventTypesAndTasksOfNoServiceAreIgnored() {
        String deployment = EcsEvents.taskStateChange("shop", "shop-green", "t1", 3, "RUNNING", T)
                .replace("ECS Task State Change", "ECS Deployment State Change");
        String standalone = EcsEvents.taskStateChange("shop", "shop-green", "t1", 3, "RUNNING", T)
                .replace("service:shop-green", "family:shop");

        assertThat(intake.accept(deployment)).isInstanceOf(IntakeResult.Ignored.class);
        assertThat(intake.accept(standalone)).isInstanceOf(IntakeResult.Ignored.class);
        assertThat(woken).isEmpty();
    }

    @Test
    void fieldsEcsAddsLaterAreIgnored() {
        String withExtras = EcsEvents.taskStateChange("shop", "shop-green", "t1", 3, "RUNNING", T)
                .replace("\"detail\":{", "\"detail\":{\"capacityProviderName\":\"FARGATE_SPOT\",\"ephemeralStorage\":{\"sizeInGiB\":20},");

        assertThat(intake.accept(withExtras)).isInstanceOf(IntakeResult.Recorded.class);
    }
}
