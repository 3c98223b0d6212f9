package dev.ecscanary.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.ecscanary.port.StateStore;
import dev.ecscanary.port.StateStore.ObservationOutcome;
import dev.ecscanary.state.TaskObservation;
import dev.ecscanary.state.TaskObservation.ServiceKey;
import java.time.Instant;
import java.time.InstantSource;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Takes "ECS Task State Change" events as EventBridge delivers them (directly or through an API
 * destination) and records each task's newest state exactly once. Parsing is tolerant: fields ECS
 * adds are ignored, and only the fields the engine relies on are required.
 */
public final class EcsEventIntake {

    /** EventBridge's own limit on an event's size. */
    public static final int MAX_EVENT_BYTES = 256 * 1024;

    private static final String TASK_STATE_CHANGE = "ECS Task State Change";
    private static final String SERVICE_GROUP_PREFIX = "service:";

    private final ObjectMapper json = JsonMapper.builder().build();
    private final StateStore store;
    private final Consumer<ServiceKey> onNewTaskState;
    private final InstantSource clock;

    /** @param onNewTaskState called after a new task state is stored, to wake whoever waits on the service */
    public EcsEventIntake(StateStore store, Consumer<ServiceKey> onNewTaskState, InstantSource clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.onNewTaskState = Objects.requireNonNull(onNewTaskState, "onNewTaskState");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public IntakeResult accept(String body) {
        if (body == null || body.isBlank()) {
            return new IntakeResult.Rejected("the body is empty: expected an ECS task state change event (JSON)");
        }
        if (body.length() > MAX_EVENT_BYTES) {
            return new IntakeResult.Rejected("the event is larger than " + MAX_EVENT_BYTES + " bytes");
        }
        JsonNode event;
        try {
            event = json.readTree(body);
        } catch (JsonProcessingException e) {
            return new IntakeResult.Rejected("the body is not JSON: " + e.getOriginalMessage());
        }
        if (event == null || !event.isObject()) {
            return new IntakeResult.Rejected("the body is not a JSON object");
        }
        return accept(event);
    }

    private IntakeResult accept(JsonNode event) {
        String detailType = text(event, "detail-type");
        if (detailType == null) {
            return new IntakeResult.Rejected("'detail-type' is missing");
        }
        if (!TASK_STATE_CHANGE.equals(detailType)) {
            return new IntakeResult.Ignored("not a task state change: '" + detailType + "'");
        }
        if (!"aws.ecs".equals(text(event, "source"))) {
            return new IntakeResult.Rejected("'source' must be 'aws.ecs' for a task state change, was "
                    + quoted(text(event, "source")));
        }
        JsonNode detail = event.get("detail");
        if (detail == null || !detail.isObject()) {
            return new IntakeResult.Rejected("'detail' is missing or not an object");
        }
        for (String field : new String[] {"taskArn", "clusterArn", "lastStatus"}) {
            if (text(detail, field) == null) {
                return new IntakeResult.Rejected("'detail." + field + "' is missing or not text");
            }
        }
        JsonNode version = detail.get("version");
        if (version == null || !version.canConvertToLong() || version.asLong() < 0 || !version.isIntegralNumber()) {
            return new IntakeResult.Rejected("'detail.version' is missing or not a whole number");
        }
        String group = text(detail, "group");
        if (group == null || !group.startsWith(SERVICE_GROUP_PREFIX)) {
            return new IntakeResult.Ignored("the task belongs to no service (group " + quoted(group) + ")");
        }
        Instant observedAt;
        try {
            String time = text(event, "time");
            observedAt = time == null ? clock.instant() : Instant.parse(time);
        } catch (DateTimeParseException e) {
            return new IntakeResult.Rejected("'time' is not an ISO-8601 instant: " + quoted(text(event, "time")));
        }
        ServiceKey service = ServiceKey.of(text(detail, "clusterArn"), group.substring(SERVICE_GROUP_PREFIX.length()));
        TaskObservation observation = new TaskObservation(service.cluster(), service.service(), text(detail, "taskArn"),
                version.asLong(), text(detail, "lastStatus"), text(detail, "desiredStatus"),
                text(detail, "taskDefinitionArn"), observedAt);
        ObservationOutcome outcome = store.record(observation);
        return switch (outcome) {
            case RECORDED -> {
                onNewTaskState.accept(service);
                yield new IntakeResult.Recorded(observation);
            }
            case DUPLICATE -> new IntakeResult.Duplicate(observation);
            case STALE -> new IntakeResult.Stale(observation);
        };
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isTextual() && !value.textValue().isBlank() ? value.textValue() : null;
    }

    private static String quoted(String value) {
        return value == null ? "missing" : "'" + value + "'";
    }
}
