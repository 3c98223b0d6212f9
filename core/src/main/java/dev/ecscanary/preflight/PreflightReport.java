package dev.ecscanary.preflight;

import dev.ecscanary.preflight.PreflightCheck.Outcome;
import java.util.List;

/**
 * Every check of the live setup, in the order they were made: all problems at once, each with what
 * was expected and what was found.
 */
public record PreflightReport(String deploymentId, List<PreflightCheck> checks) {

    public PreflightReport {
        checks = List.copyOf(checks);
    }

    public long count(Outcome outcome) {
        return checks.stream().filter(c -> c.outcome() == outcome).count();
    }

    public boolean hasProblems() {
        return count(Outcome.PROBLEM) > 0;
    }

    /** Whether every check could be made: no AWS call failed. */
    public boolean complete() {
        return count(Outcome.UNCHECKED) == 0;
    }

    /** {@code 2 problems, 1 warning}, or {@code ready}. */
    public String summary() {
        long problems = count(Outcome.PROBLEM);
        long warnings = count(Outcome.WARNING);
        long unchecked = count(Outcome.UNCHECKED);
        StringBuilder text = new StringBuilder();
        append(text, problems, "problem");
        append(text, warnings, "warning");
        append(text, unchecked, "check that could not be made", "checks that could not be made");
        if (problems > 0) {
            return text + ": not ready to deploy";
        }
        if (unchecked > 0) {
            return text + ": readiness unknown";
        }
        return text.isEmpty() ? "ready to deploy" : text + ": ready to deploy";
    }

    private static void append(StringBuilder text, long count, String one) {
        append(text, count, one, one + "s");
    }

    private static void append(StringBuilder text, long count, String one, String many) {
        if (count == 0) {
            return;
        }
        if (!text.isEmpty()) {
            text.append(", ");
        }
        text.append(count).append(' ').append(count == 1 ? one : many);
    }
}
