package dev.ecscanary.aws.gates;

import dev.ecscanary.spec.Percentages;

/**
 * What one load balancer's targets answered in a window.
 *
 * @param requests     RequestCount
 * @param targetErrors HTTPCode_Target_5XX_Count: 5xx answered by the targets themselves
 */
record AlbCounts(long requests, long targetErrors) {

    /** Percentage of requests the targets answered with a 5xx; 0 without requests. */
    double errorRate() {
        return requests == 0 ? 0 : 100.0 * targetErrors / requests;
    }

    String describeErrorRate() {
        return Percentages.format(errorRate()) + "% (" + targetErrors + " of " + requests + " requests)";
    }
}
