package dev.ecscanary.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A CloudFormation stack to create or update before green can run. Parameters the template
 * declares but the spec leaves out are taken from the outputs of earlier stacks of the same name.
 *
 * @param template a file path (relative paths are resolved against the spec file) or an https URL
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record StackSpec(String name, String template, Map<String, String> parameters) {

    public StackSpec {
        parameters = parameters == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
    }
}
