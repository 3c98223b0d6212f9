package dev.ecscanary.port;

import dev.ecscanary.state.DeploymentRecord;
import dev.ecscanary.state.HistoryEntry;
import java.time.Instant;

/** What a host shows people: transitions, waits, gate results, stack events, alerts. */
public interface ProgressListener {

    ProgressListener NONE = new ProgressListener() {
    };

    /** Tells every one of {@code listeners}, in order. */
    static ProgressListener all(ProgressListener... listeners) {
        java.util.List<ProgressListener> each = java.util.List.of(listeners);
        return new ProgressListener() {
            @Override
            public void onHistory(DeploymentRecord record, HistoryEntry entry) {
                each.forEach(l -> l.onHistory(record, entry));
            }

            @Override
            public void onWaiting(DeploymentRecord record, Instant until, String reason) {
                each.forEach(l -> l.onWaiting(record, until, reason));
            }

            @Override
            public void onGatesEvaluated(DeploymentRecord record) {
                each.forEach(l -> l.onGatesEvaluated(record));
            }

            @Override
            public void onStackEvent(String deploymentId, String stack, String event) {
                each.forEach(l -> l.onStackEvent(deploymentId, stack, event));
            }

            @Override
            public void onAlert(DeploymentRecord record, String message) {
                each.forEach(l -> l.onAlert(record, message));
            }
        };
    }

    /** A transition or traffic change, after it was persisted. */
    default void onHistory(DeploymentRecord record, HistoryEntry entry) {
    }

    /** The deployment waits until {@code until}; the reason is a sentence for people. */
    default void onWaiting(DeploymentRecord record, Instant until, String reason) {
    }

    /** Gates were evaluated (their statuses are in the record). */
    default void onGatesEvaluated(DeploymentRecord record) {
    }

    default void onStackEvent(String deploymentId, String stack, String event) {
    }

    /** Something a person must look at now, e.g. a fail-back that Route53 did not confirm in time. */
    default void onAlert(DeploymentRecord record, String message) {
    }
}
