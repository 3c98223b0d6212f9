package dev.ecscanary.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecscanary.state.TaskObservation;

/**
 * What an event endpoint (the command line's relay, the Jenkins plugin's endpoint) answers one
 * delivery, and the words it logs about it. The body is JSON: {@code {"result": …, "detail": …}} for
 * 202, {@code {"error": …}} otherwise.
 *
 * @param result recorded, duplicate, stale, ignored, or the kind of error
 * @param task   the task the event was about, when known
 */
public record EventAnswer(int status, String result, String task, String body) {

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    public static EventAnswer of(IntakeResult intake) {
        if (intake instanceof IntakeResult.Recorded recorded) {
            return accepted("recorded", recorded.observation());
        }
        if (intake instanceof IntakeResult.Duplicate duplicate) {
            return accepted("duplicate", duplicate.observation());
        }
        if (intake instanceof IntakeResult.Stale stale) {
            return accepted("stale", stale.observation());
        }
        if (intake instanceof IntakeResult.Ignored ignored) {
            return new EventAnswer(202, "ignored", null, result("ignored", ignored.reason()));
        }
        IntakeResult.Rejected rejected = (IntakeResult.Rejected) intake;
        return error(400, "rejected", rejected.reason());
    }

    public static EventAnswer error(int status, String result, String message) {
        ObjectNode body = JSON.createObjectNode().put("error", message);
        return new EventAnswer(status, result, null, body.toString());
    }

    private static EventAnswer accepted(String result, TaskObservation task) {
        String detail = "task " + task.taskArn() + " version " + task.version() + ": " + task.lastStatus()
                + " (service " + task.cluster() + "/" + task.service() + ")";
        return new EventAnswer(202, result, task.taskArn() + " v" + task.version() + " " + task.lastStatus(),
                result(result, detail));
    }

    private static String result(String result, String detail) {
        return JSON.createObjectNode().put("result", result).put("detail", detail).toString();
    }
}
