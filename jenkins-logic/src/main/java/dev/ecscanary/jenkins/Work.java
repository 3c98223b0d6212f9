package dev.ecscanary.jenkins;

import edu.umd.cs.findbugs.annotations.CheckForNull;

/** What a step works with once it runs: its inputs, and the build log its deployment reports to. */
record Work(StepInputs in, BuildLog log) {

    @CheckForNull
    String env(String name) {
        return in.env(name);
    }
}
