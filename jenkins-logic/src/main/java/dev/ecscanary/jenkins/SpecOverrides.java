package dev.ecscanary.jenkins;

import dev.ecscanary.spec.CanarySpec;
import dev.ecscanary.spec.StackSpec;
import dev.ecscanary.spec.StepSpec;
import dev.ecscanary.spec.Steps;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What a step changes in the spec it read, applied the same way every time: the same spec file and
 * step arguments give the same spec, hence the same spec digest, after a controller restart or in a
 * rebuild (so the engine recognises the deployment instead of refusing a "different spec").
 *
 * @see #apply
 */
final class SpecOverrides implements Serializable {

    private static final long serialVersionUID = 1L;

    private final String deploymentId;
    private final TreeMap<String, String> stackParameters;
    private final boolean approvalBetweenSteps;

    /**
     * @param deploymentId         replaces the spec's {@code deployment}, or null
     * @param stackParameters      {@code stackName.Parameter -> value}, merged into those stacks' parameters
     * @param approvalBetweenSteps every step after the first waits for approval (a body approves it)
     */
    SpecOverrides(@CheckForNull String deploymentId, @CheckForNull Map<String, String> stackParameters,
                  boolean approvalBetweenSteps) {
        this.deploymentId = AwsLocation.blankToNull(deploymentId);
        this.stackParameters = stackParameters == null ? new TreeMap<>() : new TreeMap<>(stackParameters);
        this.approvalBetweenSteps = approvalBetweenSteps;
    }

    @CheckForNull
    String deploymentId() {
        return deploymentId;
    }

    SortedMap<String, String> stackParameters() {
        return Collections.unmodifiableSortedMap(stackParameters);
    }

    boolean approvalBetweenSteps() {
        return approvalBetweenSteps;
    }

    /**
     * The spec with the overrides applied; not validated (the engine validates what it starts).
     *
     * @throws IllegalArgumentException naming the key, if a stack parameter is not {@code stack.Parameter}
     *                                  of a stack of the spec
     */
    CanarySpec apply(CanarySpec spec) {
        CanarySpec result = deploymentId == null ? spec : spec.withDeploymentId(deploymentId);
        if (!stackParameters.isEmpty()) {
            result = withStackParameters(result);
        }
        if (approvalBetweenSteps) {
            result = withApprovalBetweenSteps(result);
        }
        return result;
    }

    private CanarySpec withStackParameters(CanarySpec spec) {
        Map<String, Map<String, String>> byStack = new LinkedHashMap<>();
        List<String> stackNames = spec.stacks().stream().filter(s -> s != null && s.name() != null)
                .map(StackSpec::name).toList();
        for (Map.Entry<String, String> entry : stackParameters.entrySet()) {
            String key = entry.getKey();
            int dot = key == null ? -1 : key.indexOf('.');
            if (dot <= 0 || dot == key.length() - 1) {
                throw new IllegalArgumentException("stackParameters: '" + key + "' must be stackName.ParameterName");
            }
            String stack = key.substring(0, dot);
            if (!stackNames.contains(stack)) {
                throw new IllegalArgumentException("stackParameters: '" + key + "' names no stack of the spec (stacks: "
                        + (stackNames.isEmpty() ? "none" : String.join(", ", stackNames)) + ")");
            }
            if (entry.getValue() == null) {
                throw new IllegalArgumentException("stackParameters: '" + key + "' needs a value");
            }
            byStack.computeIfAbsent(stack, s -> new TreeMap<>()).put(key.substring(dot + 1), entry.getValue());
        }
        List<StackSpec> stacks = new ArrayList<>();
        for (StackSpec stack : spec.stacks()) {
            Map<String, String> extra = stack == null ? null : byStack.get(stack.name());
            if (extra == null) {
                stacks.add(stack);
            } else {
                Map<String, String> parameters = new LinkedHashMap<>(stack.parameters());
                parameters.putAll(extra);
                stacks.add(new StackSpec(stack.name(), stack.template(), parameters));
            }
        }
        return spec.withStacks(stacks);
    }

    private static CanarySpec withApprovalBetweenSteps(CanarySpec spec) {
        List<StepSpec> steps = spec.resolvedSteps();
        if (steps.isEmpty()) {
            return spec;
        }
        List<StepSpec> approved = new ArrayList<>(steps.size());
        for (int i = 0; i < steps.size(); i++) {
            StepSpec step = steps.get(i);
            approved.add(i == 0 || step == null || step.needsApproval() ? step
                    : new StepSpec(step.percent(), step.bakeTime(), true));
        }
        if (approved.equals(steps)) {
            return spec;
        }
        return spec.withSteps(new Steps.Explicit(approved));
    }

    /** The first step (1-based) that asks for approval, or 0. */
    static int firstApprovalStep(CanarySpec spec) {
        List<StepSpec> steps = spec.resolvedSteps();
        for (int i = 0; i < steps.size(); i++) {
            if (steps.get(i) != null && steps.get(i).needsApproval()) {
                return i + 1;
            }
        }
        return 0;
    }

    @Override
    public String toString() {
        return (deploymentId == null ? "" : "deployment " + deploymentId + " ")
                + (stackParameters.isEmpty() ? "" : "stack parameters " + stackParameters.keySet().stream()
                        .collect(Collectors.joining(", ")) + " ")
                + (approvalBetweenSteps ? "approval between steps" : "");
    }
}
