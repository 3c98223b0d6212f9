package dev.ecscanary.preflight;

/**
 * One thing checked about the live setup before a deployment touches it.
 *
 * @param check    what kind of thing: {@code records}, {@code aliasTarget}, {@code targetGroup}, …
 * @param subject  which one: {@code green}, an alarm's name, the table's
 * @param expected what a deployment needs it to be
 * @param found    what is there (for OK as well, so the report shows what was looked at)
 */
public record PreflightCheck(String check, String subject, Outcome outcome, String expected, String found) {

    public enum Outcome {
        /** As a deployment needs it. */
        OK,
        /** Works, but is a risk worth knowing (the text says which). */
        WARNING,
        /** A deployment would fail on it, or do harm. */
        PROBLEM,
        /** Not checked: it does not exist yet (a stack of this deployment makes it) or the spec does not name it. */
        SKIPPED,
        /** Could not be checked: the AWS call failed (the text says how). */
        UNCHECKED
    }

    public static PreflightCheck ok(String check, String subject, String expected, String found) {
        return new PreflightCheck(check, subject, Outcome.OK, expected, found);
    }

    public static PreflightCheck warning(String check, String subject, String expected, String found) {
        return new PreflightCheck(check, subject, Outcome.WARNING, expected, found);
    }

    public static PreflightCheck problem(String check, String subject, String expected, String found) {
        return new PreflightCheck(check, subject, Outcome.PROBLEM, expected, found);
    }

    public static PreflightCheck skipped(String check, String subject, String why) {
        return new PreflightCheck(check, subject, Outcome.SKIPPED, null, why);
    }

    public static PreflightCheck unchecked(String check, String subject, String expected, String why) {
        return new PreflightCheck(check, subject, Outcome.UNCHECKED, expected, why);
    }
}
