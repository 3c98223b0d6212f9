package dev.ecscanary.engine;

import dev.ecscanary.state.DeploymentRecord;
import dev.ecscanary.state.Lease;
import java.time.Instant;

/** What one tick did, and when the host should tick again. */
public sealed interface TickOutcome {

    DeploymentRecord record();

    /** Something changed; tick again now. */
    record Progressed(DeploymentRecord record) implements TickOutcome {
    }

    /** Nothing more to do until {@code until} (or until an event wakes the host). */
    record Waiting(DeploymentRecord record, Instant until, String reason) implements TickOutcome {
    }

    /** Another driver holds the deployment; nothing was done. Try again once its lease expires. */
    record Held(DeploymentRecord record, Lease lease) implements TickOutcome {
    }

    /** PROMOTED or ROLLED_BACK: nothing will ever change again. */
    record Finished(DeploymentRecord record) implements TickOutcome {
    }

    /**
     * Fail-back did not complete by its deadline: traffic is at the split last written (see the
     * record's weights) and a person must act. Ticking again retries.
     */
    record Stuck(DeploymentRecord record, String reason) implements TickOutcome {
    }
}
