package dev.ecscanary.state;

import dev.ecscanary.spec.Weights;
import java.time.Instant;

/**
 * The records hold other weights than the deployment last wrote, and it waits for a person
 * ({@code onDrift: alert}): restoring {@code expected} carries on; nobody acting by
 * {@code holdUntil} fails back.
 *
 * @param since when the drift was first seen
 */
public record Drift(Weights expected, Weights found, Instant since, Instant holdUntil) {
}
