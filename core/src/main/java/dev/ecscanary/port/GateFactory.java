package dev.ecscanary.port;

import dev.ecscanary.spec.CanarySpec;
import dev.ecscanary.spec.GateSpec;

/** Turns a gate's configuration into the check that runs it (AWS gates live with the adapters). */
public interface GateFactory {

    Gate create(GateSpec gate, CanarySpec spec);
}
