package dev.ecscanary.state;

import java.time.Instant;

/**
 * What is known of green's tasks while waiting for them.
 *
 * @param desiredCount   from the last poll of the service; 0 until polled
 * @param runningByPoll  running tasks of the primary deployment at the last poll
 * @param runningByEvent RUNNING tasks seen in relayed task events
 */
public record GreenStatus(int desiredCount, int runningByPoll, int runningByEvent, String taskDefinition,
                          Instant polledAt, String detail) {

    public static final GreenStatus UNKNOWN = new GreenStatus(0, 0, 0, null, null, "not polled yet");

    public int running() {
        return Math.max(runningByPoll, runningByEvent);
    }

    public boolean isReady() {
        return desiredCount > 0 && running() >= desiredCount;
    }
}
