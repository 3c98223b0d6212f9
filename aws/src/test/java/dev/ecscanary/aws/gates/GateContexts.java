package dev.ecscanary.aws.gates;

import dev.ecscanary.port.Gate.GateContext;
import dev.ecscanary.spec.Weights;
import java.time.Instant;

/** Gate contexts for tests: a bake that began at 12:00 and is judged at 12:10:30. */
final class GateContexts {

    static final String GREEN = "app/shop-green/50dc6c495c0c9188";
    static final String BLUE = "app/shop-blue/7e1b3b2a9c4d5f60";
    static final Instant BAKE_STARTED = Instant.parse("2026-03-01T12:00:00Z");
    static final Instant NOW = Instant.parse("2026-03-01T12:10:30Z");

    private GateContexts() {
    }

    static GateContext at(Weights weights) {
        return new GateContext("deploy-1", 2, weights, BAKE_STARTED, NOW);
    }

    static GateContext bakeJustBegan(Weights weights) {
        return new GateContext("deploy-1", 2, weights, NOW.minusSeconds(20), NOW);
    }
}
