package dev.ecscanary.aws;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.cloudformation.model.ChangeSetNotFoundException;

/** What CloudFormation's error answers mean for a stack request. */
final class CloudFormationErrors {

    private CloudFormationErrors() {
    }

    /** DescribeStacks of a stack that does not exist answers a ValidationError, not a 404. */
    static boolean meansStackMissing(AwsServiceException e) {
        return "ValidationError".equals(code(e)) && message(e).contains("does not exist");
    }

    /** Moto answers a missing change set as real CloudFormation answers a missing stack. */
    static boolean meansChangeSetMissing(AwsServiceException e) {
        return e instanceof ChangeSetNotFoundException || "ChangeSetNotFound".equals(code(e))
                || meansStackMissing(e);
    }

    /**
     * CloudFormation refuses an update that changes nothing: with a FAILED change set ("didn't
     * contain changes"), or, for UpdateStack (and moto's CreateChangeSet), with a ValidationError.
     */
    static boolean meansNoChanges(String reason) {
        return reason != null && (reason.contains("didn't contain changes")
                || reason.contains("No updates are to be performed"));
    }

    static boolean meansNoChanges(AwsServiceException e) {
        return "ValidationError".equals(code(e)) && meansNoChanges(message(e));
    }

    /**
     * A refusal that asking again will not change: a client error other than throttling (the SDK
     * has already retried throttling and server errors as configured in {@link AwsClients}).
     */
    static boolean isRefusal(AwsServiceException e) {
        return e.statusCode() >= 400 && e.statusCode() < 500 && !e.isThrottlingException();
    }

    static String describe(AwsServiceException e) {
        String code = code(e);
        return (code == null ? "" : code + ": ") + message(e);
    }

    private static String code(AwsServiceException e) {
        return e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
    }

    private static String message(AwsServiceException e) {
        String message = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorMessage();
        return message != null ? message : String.valueOf(e.getMessage());
    }
}
