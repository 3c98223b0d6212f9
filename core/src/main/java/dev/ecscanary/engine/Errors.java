package dev.ecscanary.engine;

/** Errors as one line for people and for the history. */
final class Errors {

    private static final int MAX_LENGTH = 500;

    private Errors() {
    }

    static String describe(Throwable error) {
        String message = error.getMessage();
        String text = error.getClass().getSimpleName() + (message == null ? "" : ": " + message);
        return text.length() <= MAX_LENGTH ? text : text.substring(0, MAX_LENGTH) + "…";
    }
}
