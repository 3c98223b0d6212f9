package dev.ecscanary.jenkins;

import dev.ecscanary.spec.Durations;
import dev.ecscanary.spec.Percentages;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/**
 * The checks and normalisations of the steps' arguments, free of Jenkins types: each failure names the
 * argument and says what to give instead.
 */
final class StepArguments {

    static final Duration MIN_LEASE = Duration.ofSeconds(2);

    private StepArguments() {
    }

    static boolean isBlank(@CheckForNull String value) {
        return value == null || value.isBlank();
    }

    /**
     * Stack parameters as plain Strings in a stable order (Pipeline scripts pass GStrings), or null for
     * none.
     */
    @CheckForNull
    static TreeMap<String, String> stackParameters(@CheckForNull Map<?, ?> given) {
        if (given == null || given.isEmpty()) {
            return null;
        }
        TreeMap<String, String> copy = new TreeMap<>();
        for (Map.Entry<?, ?> entry : given.entrySet()) {
            copy.put(String.valueOf(entry.getKey()), entry.getValue() == null ? null : entry.getValue().toString());
        }
        return copy;
    }

    static void spec(@CheckForNull String spec) {
        if (isBlank(spec)) {
            throw new IllegalArgumentException("give spec, the spec file relative to the workspace, e.g. canary.yaml");
        }
    }

    static void deployment(@CheckForNull String deployment) {
        if (isBlank(deployment)) {
            throw new IllegalArgumentException("give deployment, the deployment id (what canaryPrepare or "
                    + "canaryStacks returned)");
        }
    }

    /** A step's green share: one of the spec's, above 0 and at most 100. */
    static void percent(double percent) {
        if (!(percent > 0 && percent <= 100)) {
            throw new IllegalArgumentException("percent must be the green share of one of the spec's steps, above 0 "
                    + "and at most 100; was " + Percentages.format(percent));
        }
    }

    /** The green share as a form gives it (text). */
    static double percent(@CheckForNull String value) {
        double percent;
        try {
            percent = Double.parseDouble(isBlank(value) ? "" : value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("percent must be a number, the green share of one of the spec's steps, "
                    + "e.g. 25; was '" + (value == null ? "" : value.trim()) + "'");
        }
        percent(percent);
        return percent;
    }

    /** A driving step reads its spec from the workspace, or takes the one prepared for the deployment. */
    static void specOrDeployment(@CheckForNull String spec, @CheckForNull String deployment) {
        if (isBlank(spec) && isBlank(deployment)) {
            throw new IllegalArgumentException("give spec (the spec file, inside node) or deployment (the id "
                    + "canaryPrepare returned, to run outside node without holding an executor)");
        }
    }

    /** @return null for the default lease */
    @CheckForNull
    static Duration leaseDuration(@CheckForNull String value) {
        if (isBlank(value)) {
            return null;
        }
        Duration lease;
        try {
            lease = Durations.parse(value.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("leaseDuration: " + e.getMessage());
        }
        if (lease.compareTo(MIN_LEASE) < 0) {
            throw new IllegalArgumentException("leaseDuration must be at least " + Durations.format(MIN_LEASE)
                    + ", was " + value.trim());
        }
        return lease;
    }
}
