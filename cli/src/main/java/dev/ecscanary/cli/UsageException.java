package dev.ecscanary.cli;

/** Input the command cannot work with; the message names the flag or argument. Exits 2. */
public final class UsageException extends RuntimeException {

    public UsageException(String message) {
        super(message);
    }

    public UsageException(String message, Throwable cause) {
        super(message, cause);
    }
}
