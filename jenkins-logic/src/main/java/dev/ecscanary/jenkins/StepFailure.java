package dev.ecscanary.jenkins;

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
}
