package dev.ecscanary.jenkins;

import dev.ecscanary.aws.AwsClients;
import java.io.IOException;
import java.io.Serializable;

/**
 * What a step that does one short, blocking piece of work computes ({@code canaryPrepare},
 * {@code canaryStatus}, {@code canaryGates}): on the shared pool, never on the CPS VM thread. Kept
 * with the step's execution; after a restart the work is simply done again.
 */
interface OneShotWork extends Serializable {

    /** Opens AWS clients for a deployment, as the build may (its credential, its environment's keys). */
    @FunctionalInterface
    interface Aws {
        AwsClients open(CanaryTarget target) throws IOException;
    }

    /** What the step is doing, for the Pipeline's views. */
    String describe();

    /** The step's value: plain Strings, Numbers, Lists and Maps, safe in the Pipeline sandbox. */
    Object compute(StepInputs in, Aws aws) throws Exception;
}
