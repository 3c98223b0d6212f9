package dev.ecscanary.aws;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.cloudformation.model.Output;
import software.amazon.awssdk.services.cloudformation.model.Stack;

/**
 * What DescribeStacks said about a stack, checked: the status as CloudFormation spells it (new
 * statuses must not break the parsing), the parameters it has, its outputs.
 *
 * @param operationStartedAt when the stack's latest operation began (its last update, else its
 *                           creation): stack events before it belong to earlier operations
 */
record StackState(String name, String status, String statusReason, Set<String> parameterKeys,
                  Map<String, String> outputs, Instant operationStartedAt) {

    static StackState from(String name, Stack stack) {
        String status = stack.stackStatusAsString();
        if (status == null || status.isBlank()) {
            throw new IllegalStateException("DescribeStacks answered stack " + name + " without a StackStatus");
        }
        if (stack.creationTime() == null) {
            throw new IllegalStateException("DescribeStacks answered stack " + name + " without a CreationTime");
        }
        Set<String> parameterKeys = stack.parameters().stream().map(parameter -> {
            if (parameter.parameterKey() == null) {
                throw new IllegalStateException("DescribeStacks answered stack " + name
                        + " with a parameter without a ParameterKey");
            }
            return parameter.parameterKey();
        }).collect(Collectors.toUnmodifiableSet());
        Map<String, String> outputs = new LinkedHashMap<>();
        for (Output output : stack.outputs()) {
            if (output.outputKey() == null || output.outputValue() == null) {
                throw new IllegalStateException("DescribeStacks answered stack " + name
                        + " with an output lacking its key or value (" + output.outputKey() + ")");
            }
            outputs.put(output.outputKey(), output.outputValue());
        }
        Instant startedAt = stack.lastUpdatedTime() != null ? stack.lastUpdatedTime() : stack.creationTime();
        return new StackState(name, status, stack.stackStatusReason(), parameterKeys,
                Collections.unmodifiableMap(outputs), startedAt);
    }

    /** An operation runs; REVIEW_IN_PROGRESS is not one (a stack that exists only as a change set). */
    boolean isBusy() {
        return status.endsWith("_IN_PROGRESS") && !isReviewOnly();
    }

    /** Created by a CREATE change set that was never executed: there is no stack to update yet. */
    boolean isReviewOnly() {
        return status.equals("REVIEW_IN_PROGRESS");
    }

    boolean hasSucceeded() {
        return status.equals("CREATE_COMPLETE") || status.equals("UPDATE_COMPLETE");
    }

    boolean hasFailed() {
        return status.endsWith("_FAILED") || status.endsWith("ROLLBACK_COMPLETE") || status.startsWith("ROLLBACK_");
    }

    /**
     * What must happen before any change set can be made for the stack, for the statuses that allow
     * none; null when one can.
     */
    String repairNeeded() {
        return switch (status) {
            case "ROLLBACK_COMPLETE" -> "stack " + name + " is in ROLLBACK_COMPLETE: its creation failed, and a stack"
                    + " in that state can only be deleted. Delete it (aws cloudformation delete-stack --stack-name "
                    + name + "), then deploy again to create it anew";
            case "ROLLBACK_FAILED" -> "stack " + name + " is in ROLLBACK_FAILED: its creation failed and so did the"
                    + " rollback. Delete it (retaining the resources CloudFormation cannot delete), then deploy again";
            case "DELETE_FAILED" -> "stack " + name + " is in DELETE_FAILED: finish deleting it, then deploy again";
            case "UPDATE_ROLLBACK_FAILED" -> "stack " + name + " is in UPDATE_ROLLBACK_FAILED: continue the rollback"
                    + " (aws cloudformation continue-update-rollback --stack-name " + name + "), then deploy again";
            default -> null;
        };
    }
}
