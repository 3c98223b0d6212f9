package dev.ecscanary.spec;

import java.time.Duration;

/**
 * How long each wait may last before the deployment fails back.
 *
 * @param stacks       all stacks reach a complete state
 * @param greenRunning green's tasks reach RUNNING
 * @param sync         Route53 reports a weight change INSYNC
 * @param gateHold     after the bake time, inconclusive gates may hold the step this long
 * @param approval     a person decides on a step
 * @param failBack     fail-back retries its change until this long has passed, then alerts loudly
 */
public record Timeouts(
        Duration stacks,
        Duration greenRunning,
        Duration sync,
        Duration gateHold,
        Duration approval,
        Duration failBack) {

    public static final Timeouts DEFAULTS = new Timeouts(null, null, null, null, null, null);

    public Timeouts {
        stacks = orDefault(stacks, Duration.ofMinutes(30));
        greenRunning = orDefault(greenRunning, Duration.ofMinutes(15));
        sync = orDefault(sync, Duration.ofMinutes(5));
        gateHold = orDefault(gateHold, Duration.ofMinutes(10));
        approval = orDefault(approval, Duration.ofHours(1));
        failBack = orDefault(failBack, Duration.ofMinutes(5));
    }

    private static Duration orDefault(Duration value, Duration fallback) {
        return value == null ? fallback : value;
    }
}
