package dev.ecscanary.inmemory;

import dev.ecscanary.port.Gate;
import dev.ecscanary.port.Gate.GateResult;
import dev.ecscanary.port.GateFactory;
import dev.ecscanary.spec.CanarySpec;
import dev.ecscanary.spec.GateSpec;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Gates whose answers a test or simulation decides, by gate name; unscripted gates pass. */
public final class ScriptedGates implements GateFactory {

    private final Map<String, Gate> byName = new ConcurrentHashMap<>();

    public ScriptedGates script(String gateName, Gate gate) {
        byName.put(gateName, gate);
        return this;
    }

    @Override
    public Gate create(GateSpec gate, CanarySpec spec) {
        return byName.getOrDefault(gate.name(), context -> GateResult.pass("scripted pass")
                .withObservedGreenPercent(context.weights().greenPercent()));
    }
}
