package dev.ecscanary.port;

import dev.ecscanary.spec.Weights;
import java.util.Objects;

/**
 * The records hold other weights than the deployment last wrote: someone, or another tool,
 * changed them. Nothing was written.
 */
public class WeightsDriftedException extends RuntimeException {

    private final transient Weights expected;
    private final transient Weights found;

    public WeightsDriftedException(String records, Weights expected, Weights found) {
        super("the records of " + records + " hold " + found + ", not " + expected + " as last written");
        this.expected = Objects.requireNonNull(expected, "expected");
        this.found = Objects.requireNonNull(found, "found");
    }

    public Weights expected() {
        return expected;
    }

    public Weights found() {
        return found;
    }
}
