package dev.ecscanary.state;

import dev.ecscanary.spec.Weights;
import java.time.Instant;
import java.util.List;

/**
 * One recorded transition or traffic change, with the evidence that caused it.
 *
 * @param step     the step index (from 0), -1 before the first step
 * @param weights  the weights written last when this happened (null before any was known)
 * @param by       who caused it: the driver, an approver, a person aborting
 * @param kind     what sort of entry this is, so readers need not parse {@code event}
 */
public record HistoryEntry(Instant at, Phase phase, int step, Weights weights, String event, List<String> evidence,
                           String by, Kind kind) {

    public enum Kind {
        /** The deployment was recorded. */
        CREATED,
        /** The deployment entered {@code phase}. */
        TRANSITION,
        /** A stack reached a complete state. */
        STACK_READY,
        /** New weights were written to Route53 ({@code weights} holds them). */
        WEIGHTS_WRITTEN,
        /** A person (or the pipeline) approved the step. */
        APPROVED,
        /** A driver took the lease over from another whose lease had expired. */
        TOOK_OVER,
        /** Someone asked for a fail-back. */
        ABORT_REQUESTED,
        /** Something a person must look at now. */
        ALERT
    }

    public HistoryEntry {
        evidence = evidence == null ? List.of() : List.copyOf(evidence);
        kind = kind == null ? Kind.TRANSITION : kind;
    }

    /** A transition into {@code phase}. */
    public HistoryEntry(Instant at, Phase phase, int step, Weights weights, String event, List<String> evidence,
                        String by) {
        this(at, phase, step, weights, event, evidence, by, Kind.TRANSITION);
    }

    public HistoryEntry withWeights(Weights written) {
        return new HistoryEntry(at, phase, step, written, event, evidence, by, kind);
    }

    public HistoryEntry as(Kind value) {
        return new HistoryEntry(at, phase, step, weights, event, evidence, by, value);
    }
}
