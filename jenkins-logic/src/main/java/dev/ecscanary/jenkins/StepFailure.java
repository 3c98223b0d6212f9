package dev.ecscanary.jenkins;

import dev.ecscanary.engine.Exceptions.DeploymentConflictException;
import dev.ecscanary.engine.Exceptions.DeploymentRefusedException;
import dev.ecscanary.engine.Exceptions.UnknownDeploymentException;
import dev.ecscanary.spec.InvalidSpecException;

/**
 * A failure a step reports as one line, with no stack trace: the message says what was wrong and
 * what to do (an unreadable spec, a stuck deployment). Free of Jenkins types; the steps turn it into
 * Jenkins' own AbortException.
 */
final class StepFailure extends Exception {

    private static final long serialVersionUID = 1L;

    StepFailure(String message) {
        super(message);
    }

    /**
     * Whether {@code error} is an expected failure whose message says it all (shown as one line, no
     * stack trace): this, an invalid spec or argument, a deployment refused, unknown or in conflict.
     * Anything else is shown as it is.
     */
    static boolean speaksForItself(Throwable error) {
        return error instanceof StepFailure || error instanceof InvalidSpecException
                || error instanceof DeploymentConflictException || error instanceof DeploymentRefusedException
                || error instanceof UnknownDeploymentException || error instanceof IllegalArgumentException;
    }
}
