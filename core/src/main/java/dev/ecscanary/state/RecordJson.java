package dev.ecscanary.state;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.ecscanary.spec.Mappers;

/** A deployment record as JSON: how it is stored in DynamoDB (and, with its view, shown by {@code --output json}). */
public final class RecordJson {

    private RecordJson() {
    }

    public static String write(DeploymentRecord record) {
        try {
            return Mappers.json().writeValueAsString(record);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write deployment " + record.id() + " as JSON", e);
        }
    }

    /** @throws IllegalArgumentException naming what is wrong, if the text is not a deployment record */
    public static DeploymentRecord read(String json) {
        try {
            return Mappers.json().readValue(json, DeploymentRecord.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a deployment record: " + e.getOriginalMessage(), e);
        }
    }
}
