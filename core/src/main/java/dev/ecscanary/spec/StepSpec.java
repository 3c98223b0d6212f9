package dev.ecscanary.spec;

import java.time.Duration;

/**
 * One increment: shift green to {@code percent}, wait for Route53 and the TTL, then bake.
 *
 * @param approval whether a person must approve before this step shifts traffic
 */
public record StepSpec(Double percent, Duration bake, Boolean approval) {

    public StepSpec {
        bake = bake == null ? Duration.ZERO : bake;
        approval = approval != null && approval;
    }

    public static StepSpec of(double percent, Duration bake, boolean approval) {
        return new StepSpec(percent, bake, approval);
    }

    public boolean needsApproval() {
        return approval;
    }
}
