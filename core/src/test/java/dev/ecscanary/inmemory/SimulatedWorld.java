package dev.ecscanary.inmemory;

import dev.ecscanary.engine.CanaryEngine;
import dev.ecscanary.engine.DeploymentDriver;
import dev.ecscanary.engine.EnginePorts;
import dev.ecscanary.engine.EngineSettings;
import dev.ecscanary.events.EcsEventIntake;
import dev.ecscanary.port.GateFactory;
import dev.ecscanary.port.ProgressListener;
import dev.ecscanary.port.SetupCheck;
import dev.ecscanary.port.TrafficMeter;
import dev.ecscanary.port.StateStore;
import dev.ecscanary.port.TrafficRouter;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutorService;

/**
 * Everything the engine talks to, simulated in virtual time: Route53, CloudFormation, ECS, gates,
 * approvals, the state table and the clock. Tests and the benchmark build engines and drivers on it.
 */
public final class SimulatedWorld {

    public final VirtualClock clock;
    public final VirtualScheduler scheduler;
    public final InMemoryStateStore store = new InMemoryStateStore();
    public final SimulatedRoute53 route53;
    public final SimulatedStacks stacks;
    public final SimulatedEcs ecs;
    public final ScriptedGates gates = new ScriptedGates();
    public final ScriptedApprovals approvals;
    private StateStore storeSeenByEngines = store;
    private TrafficRouter routerSeenByEngines;
    private GateFactory gatesSeenByEngines;
    private SetupCheck setupCheck = SetupCheck.NONE;
    private TrafficMeter traffic = TrafficMeter.NONE;
    private ProgressListener listener = ProgressListener.NONE;

    private SimulatedWorld(Builder builder) {
        clock = new VirtualClock(builder.start);
        scheduler = new VirtualScheduler(clock, builder.workers);
        route53 = new SimulatedRoute53(clock, builder.propagation, builder.ttl);
        stacks = new SimulatedStacks(clock, builder.stackDuration);
        ecs = new SimulatedEcs(clock, builder.desiredTasks);
        approvals = builder.approvals;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Engines built after this see the store through {@code wrapper} (e.g. to inject crashes). */
    public SimulatedWorld storeSeenByEngines(StateStore wrapper) {
        storeSeenByEngines = wrapper;
        return this;
    }

    /** Engines built after this shift traffic through {@code router} instead of the simulated Route53. */
    public SimulatedWorld routerSeenByEngines(TrafficRouter router) {
        routerSeenByEngines = router;
        return this;
    }

    /** Engines built after this make their gates with {@code factory} instead of the scripted ones. */
    public SimulatedWorld gatesSeenByEngines(GateFactory factory) {
        gatesSeenByEngines = factory;
        return this;
    }

    /** Engines built after this check the live setup with {@code check} before a deployment starts. */
    public SimulatedWorld traffic(TrafficMeter meter) {
        traffic = meter;
        return this;
    }

    public SimulatedWorld setupCheck(SetupCheck check) {
        setupCheck = check;
        return this;
    }

    public SimulatedWorld listener(ProgressListener value) {
        listener = value;
        return this;
    }

    public EnginePorts ports() {
        return new EnginePorts(storeSeenByEngines, routerSeenByEngines == null ? route53 : routerSeenByEngines, stacks,
                ecs, gatesSeenByEngines == null ? gates : gatesSeenByEngines, approvals, listener, clock, setupCheck, traffic);
    }

    public CanaryEngine engine(String driver) {
        return engine(driver, EngineSettings.DEFAULTS);
    }

    public CanaryEngine engine(String driver, EngineSettings settings) {
        return new CanaryEngine(ports(), settings, driver);
    }

    /** A driver whose ticks run on the scheduler's thread (or its workers), in virtual time. */
    public DeploymentDriver driver(CanaryEngine engine) {
        return new DeploymentDriver(engine, scheduler, Runnable::run, clock);
    }

    public EcsEventIntake intake(DeploymentDriver driver) {
        return new EcsEventIntake(store, driver::wake, clock);
    }

    public static final class Builder {
        private Instant start = Instant.parse("2026-11-26T09:00:00Z");
        private Duration propagation = Duration.ofSeconds(20);
        private Duration ttl = Duration.ofSeconds(60);
        private Duration stackDuration = Duration.ofSeconds(45);
        private int desiredTasks = 2;
        private ScriptedApprovals approvals = ScriptedApprovals.automatic("auto");
        private ExecutorService workers;

        public Builder start(Instant value) {
            start = value;
            return this;
        }

        public Builder propagation(Duration value) {
            propagation = value;
            return this;
        }

        public Builder ttl(Duration value) {
            ttl = value;
            return this;
        }

        public Builder stackDuration(Duration value) {
            stackDuration = value;
            return this;
        }

        public Builder desiredTasks(int value) {
            desiredTasks = value;
            return this;
        }

        public Builder manualApprovals() {
            approvals = ScriptedApprovals.manual();
            return this;
        }

        /** Runs tasks due at the same virtual instant in parallel on these workers. */
        public Builder workers(ExecutorService value) {
            workers = value;
            return this;
        }

        public SimulatedWorld build() {
            return new SimulatedWorld(this);
        }
    }
}
