package dev.ecscanary.cli.render;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecscanary.spec.Mappers;
import dev.ecscanary.state.DeploymentRecord;
import dev.ecscanary.view.DeploymentView;

/** JSON for {@code --output json}: the project's shared mapper (durations as {@code 5m}, instants ISO-8601). */
public final class Json {

    /** The member of a printed deployment that holds its view; every other member is the stored record's. */
    public static final String VIEW = "view";

    private Json() {
    }

    /**
     * A deployment as the state table holds it (so tools read either the same way), with the view
     * every other screen renders under {@value #VIEW}: headline, steps and their outcomes, what it
     * waits for, gates, fail-back, observed traffic. The view's history is the record's
     * {@code history}, printed once.
     */
    public static String deployment(DeploymentRecord record, DeploymentView view) {
        ObjectMapper mapper = Mappers.json();
        ObjectNode json = mapper.valueToTree(record);
        ObjectNode viewJson = mapper.valueToTree(view);
        viewJson.remove("history");
        json.set(VIEW, viewJson);
        return write(json);
    }

    public static String write(Object value) {
        try {
            return Mappers.json().writerWithDefaultPrettyPrinter().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }
}
