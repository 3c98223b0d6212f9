package dev.ecscanary.events;

import dev.ecscanary.state.TaskObservation;

/** What became of one relayed event. Only {@link Rejected} means the sender did something wrong. */
public sealed interface IntakeResult {

    /** A new state of a task (first seen, or a newer version): stored, and waiting hosts woken. */
    record Recorded(TaskObservation observation) implements IntakeResult {
    }

    /** The same task version again: EventBridge delivers at least once. Nothing changed. */
    record Duplicate(TaskObservation observation) implements IntakeResult {
    }

    /** An older version than one already stored: events arrive out of order. Nothing changed. */
    record Stale(TaskObservation observation) implements IntakeResult {
    }

    /** A well-formed event that does not concern green tasks (another type, a task of no service). */
    record Ignored(String reason) implements IntakeResult {
    }

    /** Not an ECS task event we can read: why, in a sentence. Nothing changed. */
    record Rejected(String reason) implements IntakeResult {
    }
}
