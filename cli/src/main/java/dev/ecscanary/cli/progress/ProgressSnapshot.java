package dev.ecscanary.cli.progress;

import dev.ecscanary.state.DeploymentRecord;
import java.time.Instant;

/** The latest known state of the deployment on screen: its record and what it waits for. */
record ProgressSnapshot(DeploymentRecord record, Instant waitUntil, String waitReason) {

    ProgressSnapshot withRecord(DeploymentRecord next) {
        // A newer record means the wait it was in is over (a new one is announced if any).
        boolean newer = record == null || next.version() > record.version();
        return newer ? new ProgressSnapshot(next, null, null) : new ProgressSnapshot(next, waitUntil, waitReason);
    }

    ProgressSnapshot waiting(DeploymentRecord next, Instant until, String reason) {
        return new ProgressSnapshot(next, until, reason);
    }
}
