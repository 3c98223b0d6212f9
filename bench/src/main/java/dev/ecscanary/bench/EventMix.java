package dev.ecscanary.bench;

import dev.ecscanary.events.EcsEvents;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * ECS task state changes as EventBridge delivers them: every fourth event repeats the one before
 * (at-least-once delivery), the others are new versions of 500 tasks of one service.
 */
final class EventMix {

    static final int TASKS = 500;

    private EventMix() {
    }

    /** @param service a service of its own per run, so that runs do not deduplicate each other */
    static List<byte[]> of(String service, int count) {
        List<byte[]> events = new ArrayList<>(count);
        Instant time = Instant.parse("2026-11-26T09:00:00Z");
        int fresh = 0;
        for (int i = 0; i < count; i++) {
            if (i % 4 == 3) {
                events.add(events.get(i - 1));
                continue;
            }
            String task = "t-" + (fresh % TASKS);
            long version = fresh / TASKS + 1;
            events.add(EcsEvents.taskStateChange("bench", service, task, version, version == 1 ? "PENDING" : "RUNNING",
                    time.plusMillis(fresh)).getBytes(StandardCharsets.UTF_8));
            fresh++;
        }
        return events;
    }
}
