package dev.ecscanary.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecscanary.cli.render.Json;
import dev.ecscanary.spec.Mappers;
import dev.ecscanary.state.DeploymentRecord;
import dev.ecscanary.state.RecordJson;

/** What {@code --output json} printed for a deployment: the stored record, and its view beside it. */
record PrintedDeployment(DeploymentRecord record, JsonNode view) {

    static PrintedDeployment parse(String out) {
        try {
            ObjectNode printed = (ObjectNode) Mappers.json().readTree(out);
            JsonNode view = printed.remove(Json.VIEW);
            if (view == null) {
                throw new AssertionError("no \"" + Json.VIEW + "\" member in: " + out);
            }
            return new PrintedDeployment(RecordJson.read(printed.toString()), view);
        } catch (java.io.IOException e) {
            throw new AssertionError("not JSON: " + out, e);
        }
    }
}
