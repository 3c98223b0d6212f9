package dev.ecscanary.port;

/**
 * Something the engine depends on asked it to slow down: a rate limit shared with other
 * deployments, not a failure of this one. The engine waits and tries again (within the phase's
 * deadline) instead of counting it towards a fail-back.
 */
public class BusyException extends RuntimeException {

    public BusyException(String message) {
        super(message);
    }
}
