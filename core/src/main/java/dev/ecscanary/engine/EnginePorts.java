package dev.ecscanary.engine;

import dev.ecscanary.port.Approvals;
import dev.ecscanary.port.GateFactory;
import dev.ecscanary.port.GreenReadiness;
import dev.ecscanary.port.ProgressListener;
import dev.ecscanary.port.SetupCheck;
import dev.ecscanary.port.StackOperator;
import dev.ecscanary.port.StateStore;
import dev.ecscanary.port.TrafficMeter;
import dev.ecscanary.port.TrafficRouter;
import java.time.InstantSource;
import java.util.Objects;

/** Everything outside the engine, as its ports. */
public record EnginePorts(
        StateStore store,
        TrafficRouter router,
        StackOperator stacks,
        GreenReadiness readiness,
        GateFactory gates,
        Approvals approvals,
        ProgressListener listener,
        InstantSource clock,
        SetupCheck setupCheck,
        TrafficMeter traffic) {

    public EnginePorts {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(router, "router");
        Objects.requireNonNull(stacks, "stacks");
        Objects.requireNonNull(readiness, "readiness");
        Objects.requireNonNull(gates, "gates");
        Objects.requireNonNull(approvals, "approvals");
        Objects.requireNonNull(clock, "clock");
        listener = listener == null ? ProgressListener.NONE : listener;
        setupCheck = setupCheck == null ? SetupCheck.NONE : setupCheck;
        traffic = traffic == null ? TrafficMeter.NONE : traffic;
    }

    /** Without a check of the live setup before a deployment starts, and without measuring its drain. */
    public EnginePorts(StateStore store, TrafficRouter router, StackOperator stacks, GreenReadiness readiness,
                       GateFactory gates, Approvals approvals, ProgressListener listener, InstantSource clock) {
        this(store, router, stacks, readiness, gates, approvals, listener, clock, SetupCheck.NONE, TrafficMeter.NONE);
    }

    public EnginePorts withListener(ProgressListener value) {
        return new EnginePorts(store, router, stacks, readiness, gates, approvals, value, clock, setupCheck, traffic);
    }

    public EnginePorts withApprovals(Approvals value) {
        return new EnginePorts(store, router, stacks, readiness, gates, value, listener, clock, setupCheck, traffic);
    }
}
