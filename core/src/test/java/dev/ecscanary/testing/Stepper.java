package dev.ecscanary.testing;

import dev.ecscanary.engine.CanaryEngine;
import dev.ecscanary.engine.TickOutcome;
import dev.ecscanary.inmemory.VirtualClock;
import dev.ecscanary.state.DeploymentRecord;
import java.util.function.Predicate;

/** Ticks one engine by hand, jumping the virtual clock to each wake-up, until a condition holds. */
public final class Stepper {

    private static final int MAX_TICKS = 10_000;

    private Stepper() {
    }

    public static DeploymentRecord tickUntil(CanaryEngine engine, VirtualClock clock, String id,
                                             Predicate<DeploymentRecord> condition) {
        for (int i = 0; i < MAX_TICKS; i++) {
            DeploymentRecord current = engine.load(id);
            if (condition.test(current)) {
                return current;
            }
            TickOutcome outcome = engine.tick(id);
            if (outcome instanceof TickOutcome.Finished || outcome instanceof TickOutcome.Stuck) {
                if (condition.test(outcome.record())) {
                    return outcome.record();
                }
                throw new AssertionError("finished as " + outcome.record().phase() + " before the condition held: "
                        + outcome.record().history());
            }
            if (outcome instanceof TickOutcome.Waiting waiting) {
                clock.advanceTo(waiting.until());
            } else if (outcome instanceof TickOutcome.Held held) {
                clock.advanceTo(held.lease().expiresAt());
            }
        }
        throw new AssertionError("the condition did not hold within " + MAX_TICKS + " ticks");
    }

    public static TickOutcome tickToEnd(CanaryEngine engine, VirtualClock clock, String id) {
        for (int i = 0; i < MAX_TICKS; i++) {
            TickOutcome outcome = engine.tick(id);
            if (outcome instanceof TickOutcome.Finished || outcome instanceof TickOutcome.Stuck) {
                return outcome;
            }
            if (outcome instanceof TickOutcome.Waiting waiting) {
                clock.advanceTo(waiting.until());
            } else if (outcome instanceof TickOutcome.Held held) {
                clock.advanceTo(held.lease().expiresAt());
            }
        }
        throw new AssertionError("no end within " + MAX_TICKS + " ticks");
    }

}
