package dev.ecscanary.engine;

import dev.ecscanary.state.DeploymentRecord;
import java.time.Instant;

/**
 * What a phase of the engine decided in one tick: exactly one of go on now, wait until a time, or
 * stop because a person must act; each with the changes to persist, if any.
 */
sealed interface Decision {

    /** The changes to persist, or null for none. */
    DeploymentRecord.Builder changes();

    /** Whether gates were evaluated in this tick (the host shows their results). */
    boolean gatesEvaluated();

    /** Persist the changes and tick again now. */
    record Proceed(DeploymentRecord.Builder changes, boolean gatesEvaluated) implements Decision {
    }

    /** Persist the changes, if any, and tick again at {@code until}. */
    record Wait(DeploymentRecord.Builder changes, Instant until, String reason, boolean gatesEvaluated)
            implements Decision {
    }

    /** Persist the changes and stop ticking: a person must act. */
    record Stuck(DeploymentRecord.Builder changes, String reason) implements Decision {
        @Override
        public boolean gatesEvaluated() {
            return false;
        }
    }

    static Decision proceed(DeploymentRecord.Builder changes) {
        return new Proceed(changes, false);
    }

    static Decision waitUntil(Instant at, String reason) {
        return new Wait(null, at, reason, false);
    }

    static Decision waitUntil(DeploymentRecord.Builder changes, Instant at, String reason) {
        return new Wait(changes, at, reason, false);
    }

    static Decision stuck(DeploymentRecord.Builder changes, String reason) {
        return new Stuck(changes, reason);
    }

    /** The same decision, saying whether gates were evaluated. */
    default Decision withGatesEvaluated(boolean evaluated) {
        if (this instanceof Proceed p) {
            return new Proceed(p.changes(), evaluated);
        }
        if (this instanceof Wait w) {
            return new Wait(w.changes(), w.until(), w.reason(), evaluated);
        }
        return this;
    }
}
