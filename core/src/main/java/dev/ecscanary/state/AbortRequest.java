package dev.ecscanary.state;

import java.time.Instant;

/** A request to fail back now, from a person or a host; the lease holder acts on it. */
public record AbortRequest(String by, String reason, Instant at) {
}
