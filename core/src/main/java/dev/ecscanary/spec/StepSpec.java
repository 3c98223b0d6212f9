package dev.ecscanary.spec;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;

/**
 * One increment: shift green to {@code percent}, wait for Route53 and the TTL, then bake.
 *
 * @param bakeTime how long it bakes, written {@code bake}
 * @param approval whether a person must approve before this step shifts traffic
 */
public record StepSpec(Double percent, @JsonProperty("bake") Bake bakeTime, Boolean approval) {

    public StepSpec {
        bakeTime = bakeTime == null ? Bake.NONE : bakeTime;
        approval = approval != null && approval;
    }

    public static StepSpec of(double percent, Duration bake, boolean approval) {
        return new StepSpec(percent, Bake.of(bake), approval);
    }

    /** The shortest bake: gates run at least this long before the step can pass. */
    public Duration bake() {
        return bakeTime.min();
    }

    public boolean needsApproval() {
        return approval;
    }
}
