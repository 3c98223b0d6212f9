package dev.ecscanary.state;

import java.time.Instant;

/** Which driver may act on a deployment, until when. Taken and renewed by conditional writes. */
public record Lease(String owner, Instant expiresAt) {

    public boolean isHeldBy(String driver) {
        return owner.equals(driver);
    }

    public boolean isValidAt(Instant now) {
        return now.isBefore(expiresAt);
    }
}
