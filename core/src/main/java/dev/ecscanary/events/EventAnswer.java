package dev.ecscanary.cli.relay;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecscanary.events.IntakeResult;
import dev.ecscanary.state.TaskObservation;

/**
 * What the relay answers one request, and the words it logs about it.
 *
 * @param result  recorded, duplicate, stale, ignored, or the kind of error
 * @param task    the task the event was about, when known
 */
record RelayAnswer(int status, String result, String task, String body) {

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    static RelayAnswer of(IntakeResult intake) {
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
            return new RelayAnswer(202, "ignored", null, result("ignored", ignored.reason()));
        }
        IntakeResult.Rejected rejected = (IntakeResult.Rejected) intake;
        return error(400, "rejected", rejected.reason());
    }

    static RelayAnswer error(int status, String result, String message) {
        ObjectNode body = JSON.createObjectNode().put("error", message);
        return new RelayAnswer(status, result, null, body.toString());
    }

    private static RelayAnswer accepted(String result, TaskObservation task) {
        String detail = "task " + task.taskArn() + " version " + task.version() + ": " + task.lastStatus()
                + " (service " + task.cluster() + "/" + task.service() + ")";
        return new RelayAnswer(202, result, task.taskArn() + " v" + task.version() + " " + task.lastStatus(),
                result(result, detail));
    }

    private static String result(String result, String detail) {
        return JSON.createObjectNode().put("result", result).put("detail", detail).toString();
    }
}
