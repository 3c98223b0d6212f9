package dev.ecscanary.aws.gates;

import dev.ecscanary.spec.Percentages;

/** Wording the metric gates share. */
final class MetricGates {

    static final String NOTHING_TO_MEASURE_YET = "the bake began less than a minute ago: no whole minute of"
            + " metrics to judge yet";

    private MetricGates() {
    }

    static String millis(double value) {
        return Percentages.format(value) + " ms";
    }
}
