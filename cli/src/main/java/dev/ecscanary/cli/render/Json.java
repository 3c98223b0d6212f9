package dev.ecscanary.cli.render;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.ecscanary.spec.Mappers;
import dev.ecscanary.state.DeploymentRecord;
import dev.ecscanary.state.RecordJson;

/** JSON for {@code --output json}: the project's shared mapper (durations as {@code 5m}, instants ISO-8601). */
public final class Json {

    private Json() {
    }

    public static String write(Object value) {
        if (value instanceof DeploymentRecord record) {
            // The same form as stored in the state table, so tools read either the same way.
            return RecordJson.write(record);
        }
        try {
            return Mappers.json().writerWithDefaultPrettyPrinter().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }
}
