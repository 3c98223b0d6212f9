package dev.ecscanary.aws.gates;

import dev.ecscanary.spec.Percentages;

/**
 * What one load balancer's targets answered in a window.
 *
 * @param requests RequestCount
 * @param errors   5xx answers: the targets' own (HTTPCode_Target_5XX_Count) and those the load
 *                 balancer gave for them (HTTPCode_ELB_5XX_Count: 502/503/504 when targets crash,
 *                 refuse or time out — what a broken new version often looks like)
 */
record AlbCounts(long requests, long errors) {

    /** Percentage of requests answered with a 5xx; 0 without requests. */
    double errorRate() {
        return requests == 0 ? 0 : 100.0 * errors / requests;
    }

    String describeErrorRate() {
        return Percentages.format(errorRate()) + "% (" + errors + " of " + requests + " requests)";
    }
}
