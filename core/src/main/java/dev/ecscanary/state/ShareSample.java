package dev.ecscanary.state;

import java.time.Instant;

/**
 * The share of requests green really received, measured by a gate, beside the share intended.
 * Kept for every measurement so reports can chart intended against observed over the deployment.
 */
public record ShareSample(Instant at, int step, double intendedPercent, double observedPercent, String gate) {
}
