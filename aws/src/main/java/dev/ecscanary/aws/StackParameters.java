package dev.ecscanary.aws;

import dev.ecscanary.aws.TemplateSummaries.TemplateParameter;
import dev.ecscanary.spec.StackSpec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.cloudformation.model.Parameter;

/**
 * The parameters of one stack request. What the request itself decides — the spec's values, and for
 * parameters the template declares but the spec leaves out, the outputs of earlier stacks of the
 * same name — is fixed for the whole request and names its change set. What the remaining
 * parameters get depends on the stack when the change set is made: an existing stack keeps its
 * previous value, a new one gets the template's default.
 */
final class StackParameters {

    private final String stackName;
    private final String template;
    private final Map<String, TemplateParameter> declared;
    private final Map<String, String> decided;

    private StackParameters(String stackName, String template, Map<String, TemplateParameter> declared,
                            Map<String, String> decided) {
        this.stackName = stackName;
        this.template = template;
        this.declared = declared;
        this.decided = decided;
    }

    /** @throws StackRequestRejected if the spec gives a parameter the template does not declare */
    static StackParameters resolve(StackSpec stack, Map<String, TemplateParameter> declared,
                                   Map<String, String> earlierOutputs) {
        List<String> undeclared = stack.parameters().keySet().stream().filter(name -> !declared.containsKey(name))
                .sorted().toList();
        if (!undeclared.isEmpty()) {
            throw new StackRequestRejected("UNDECLARED_PARAMETERS", undeclared.stream()
                    .map(name -> "parameter " + name + " is not declared by template " + stack.template()
                            + " (it declares: " + (declared.isEmpty() ? "none" : String.join(", ", declared.keySet()))
                            + ")")
                    .toList());
        }
        Map<String, String> decided = new LinkedHashMap<>();
        for (String name : declared.keySet()) {
            String value = stack.parameters().containsKey(name) ? stack.parameters().get(name)
                    : earlierOutput(stack.name(), name, earlierOutputs == null ? Map.of() : earlierOutputs);
            if (value != null) {
                decided.put(name, value);
            }
        }
        return new StackParameters(stack.name(), stack.template(), declared, Collections.unmodifiableMap(decided));
    }

    /**
     * The earlier output of that name, unless it is this stack's own: a stack must not feed its
     * outputs back into its parameters. Outputs arrive keyed both {@code Name} and
     * {@code stack.Name}; an unqualified value equal to this stack's qualified one came from it.
     */
    private static String earlierOutput(String stackName, String name, Map<String, String> outputs) {
        String value = outputs.get(name);
        String own = outputs.get(stackName + "." + name);
        return value != null && !value.equals(own) ? value : null;
    }

    /** The values this request decided, by parameter name: what names the change set. */
    Map<String, String> decided() {
        return decided;
    }

    /**
     * The parameters of a change set, for a stack that exists with {@code existingParameters} (empty
     * for a stack that is created).
     *
     * @throws StackRequestRejected naming each parameter that would have no value
     */
    List<Parameter> forChangeSet(Set<String> existingParameters) {
        List<Parameter> parameters = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (TemplateParameter parameter : declared.values()) {
            String name = parameter.name();
            if (decided.containsKey(name)) {
                parameters.add(Parameter.builder().parameterKey(name).parameterValue(decided.get(name)).build());
            } else if (existingParameters.contains(name)) {
                parameters.add(Parameter.builder().parameterKey(name).usePreviousValue(true).build());
            } else if (!parameter.hasDefault()) {
                missing.add(name);
            }
            // else: left out, so CloudFormation uses the template's default
        }
        if (!missing.isEmpty()) {
            throw new StackRequestRejected("MISSING_PARAMETERS", missing.stream()
                    .map(name -> "parameter " + name + " of template " + template + " has no value and no default:"
                            + " give it in the parameters of stack " + stackName
                            + ", or apply an earlier stack that outputs " + name)
                    .toList());
        }
        return parameters;
    }
}
