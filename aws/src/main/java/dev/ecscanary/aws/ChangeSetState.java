package dev.ecscanary.aws;

import java.time.Instant;
import software.amazon.awssdk.services.cloudformation.model.DescribeChangeSetResponse;

/**
 * What DescribeChangeSet said about one of our change sets, checked.
 *
 * @param status          CREATE_PENDING, CREATE_IN_PROGRESS, CREATE_COMPLETE, DELETE_*, FAILED
 * @param executionStatus UNAVAILABLE, AVAILABLE, EXECUTE_IN_PROGRESS, EXECUTE_COMPLETE,
 *                        EXECUTE_FAILED, OBSOLETE
 * @param createdAt       stack events before it belong to earlier operations
 */
record ChangeSetState(String name, String status, String executionStatus, String statusReason, Instant createdAt) {

    static ChangeSetState from(String name, DescribeChangeSetResponse response) {
        String status = response.statusAsString();
        String execution = response.executionStatusAsString();
        if (status == null || execution == null || response.creationTime() == null) {
            throw new IllegalStateException("DescribeChangeSet answered change set " + name
                    + " without its Status, ExecutionStatus or CreationTime");
        }
        return new ChangeSetState(name, status, execution, response.statusReason(), response.creationTime());
    }

    boolean isBeingCreated() {
        return status.equals("CREATE_PENDING") || status.equals("CREATE_IN_PROGRESS");
    }

    boolean hasFailed() {
        return status.equals("FAILED");
    }

    /** CloudFormation refuses a change set without changes: for us, the stack already holds the request. */
    boolean reportsNoChanges() {
        return hasFailed() && CloudFormationErrors.meansNoChanges(statusReason);
    }

    boolean canBeExecuted() {
        return executionStatus.equals("AVAILABLE");
    }

    boolean isExecuting() {
        return executionStatus.equals("EXECUTE_IN_PROGRESS");
    }

    boolean wasExecuted() {
        return executionStatus.equals("EXECUTE_COMPLETE") || executionStatus.equals("EXECUTE_FAILED");
    }

    /** Another change to the stack came after this one was made: it can no longer be executed. */
    boolean isObsolete() {
        return executionStatus.equals("OBSOLETE");
    }

    String describe() {
        return "change set " + name + " " + status + "/" + executionStatus
                + (statusReason == null ? "" : ": " + statusReason.strip());
    }
}
