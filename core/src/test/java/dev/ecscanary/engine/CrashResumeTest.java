package dev.ecscanary.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecscanary.inmemory.SimulatedWorld;
import dev.ecscanary.port.Gate.GateResult;
import dev.ecscanary.port.StateStore;
import dev.ecscanary.port.TrafficRouter;
import dev.ecscanary.spec.DnsSpec;
import dev.ecscanary.spec.Weights;
import dev.ecscanary.state.DeploymentRecord;
import dev.ecscanary.state.Phase;
import dev.ecscanary.state.TaskObservation;
import dev.ecscanary.state.TaskObservation.ServiceKey;
import dev.ecscanary.testing.Specs;
import dev.ecscanary.testing.Stepper;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A driver may die at any instant. After a crash right after each persisted write, or right after
 * each Route53 change before it was persisted, another driver resumes once the lease expires, and
 * the deployment ends as it would have, with Route53 holding the weights the record says.
 */
class CrashResumeTest {

    static final ServiceKey GREEN = new ServiceKey("shop", "shop-green");

    enum Scenario {
        PROMOTES(w -> { }, Phase.PROMOTED, Weights.ALL_GREEN),
        FAILS_AT_STEP_TWO(w -> w.gates.script("targetHealth", c -> c.weights().green() >= 25
                ? GateResult.fail("unhealthy") : GateResult.pass("healthy")), Phase.ROLLED_BACK, Weights.ALL_BLUE);

        final Consumer<SimulatedWorld> setUp;
        final Phase end;
        final Weights endWeights;

        Scenario(Consumer<SimulatedWorld> setUp, Phase end, Weights endWeights) {
            this.setUp = setUp;
            this.end = end;
            this.endWeights = endWeights;
        }
    }

    static Stream<Arguments> crashAfterEveryWrite() {
        return Stream.of(Scenario.values()).flatMap(s -> IntStream.rangeClosed(1, writesOf(s))
                .mapToObj(n -> Arguments.of(s, n)));
    }

    static Stream<Arguments> crashAfterEveryTrafficChange() {
        return Stream.of(Scenario.values()).flatMap(s -> IntStream.rangeClosed(1, s == Scenario.PROMOTES ? 4 : 3)
                .mapToObj(n -> Arguments.of(s, n)));
    }

    @ParameterizedTest(name = "{0}: crash after write {1}")
    @MethodSource("crashAfterEveryWrite")
    void resumesAfterACrashFollowingAnyPersistedWrite(Scenario scenario, int crashAfterWrite) {
        SimulatedWorld world = world(scenario);
        CrashingStore crashing = new CrashingStore(world.store, crashAfterWrite);
        world.storeSeenByEngines(crashing);

        runUntilCrash(world.engine("driver-a"), world);
        assertThat(crashing.crashed()).isTrue();

        world.storeSeenByEngines(world.store);
        assertResumesToTheEnd(world, scenario);
    }

    @ParameterizedTest(name = "{0}: crash after traffic change {1}")
    @MethodSource("crashAfterEveryTrafficChange")
    void resumesAfterACrashBetweenATrafficChangeAndItsRecord(Scenario scenario, int crashAfterChange) {
        SimulatedWorld world = world(scenario);
        CrashingRouter router = new CrashingRouter(world.route53, crashAfterChange);
        CanaryEngine dying = new CanaryEngine(world.ports(), EngineSettings.DEFAULTS, "driver-a");
        CanaryEngine crashingEngine = new CanaryEngine(new EnginePorts(world.store, router, world.stacks, world.ecs,
                world.gates, world.approvals, null, world.clock), EngineSettings.DEFAULTS, dying.driver());

        runUntilCrash(crashingEngine, world);
        assertThat(router.crashed()).isTrue();

        assertResumesToTheEnd(world, scenario);
    }

    @org.junit.jupiter.api.Test
    void anAbortAfterACrashBetweenTheFirstTrafficChangeAndItsRecordStillFailsBack() {
        SimulatedWorld world = world(Scenario.PROMOTES);
        CrashingRouter router = new CrashingRouter(world.route53, 1);
        CanaryEngine crashingEngine = new CanaryEngine(new EnginePorts(world.store, router, world.stacks, world.ecs,
                world.gates, world.approvals, null, world.clock), EngineSettings.DEFAULTS, "driver-a");
        runUntilCrash(crashingEngine, world);
        assertThat(world.route53.currentWeights(Specs.canary("web-1").dns())).isEqualTo(new Weights(90, 10));

        world.engine("ops").requestAbort("web-1", "frank", "stop it");
        world.clock.advance(EngineSettings.DEFAULTS.leaseDuration());
        DeploymentRecord done = Stepper.tickToEnd(world.engine("driver-b"), world.clock, "web-1").record();

        assertThat(done.phase()).isEqualTo(Phase.ROLLED_BACK);
        assertThat(world.route53.currentWeights(done.spec().dns())).isEqualTo(Weights.ALL_BLUE);
    }

    private static SimulatedWorld world(Scenario scenario) {
        SimulatedWorld world = SimulatedWorld.builder().build();
        world.ecs.runningFrom(GREEN, world.clock.instant().plus(Duration.ofMinutes(1)));
        scenario.setUp.accept(world);
        return world;
    }

    private static void runUntilCrash(CanaryEngine engine, SimulatedWorld world) {
        try {
            engine.start(Specs.canary("web-1"));
            Stepper.tickToEnd(engine, world.clock, "web-1");
        } catch (SimulatedCrash expected) {
            return;
        }
    }

    private static void assertResumesToTheEnd(SimulatedWorld world, Scenario scenario) {
        world.clock.advance(EngineSettings.DEFAULTS.leaseDuration());
        CanaryEngine survivor = world.engine("driver-b");
        DeploymentRecord done = survivor.find("web-1").isPresent()
                ? Stepper.tickToEnd(survivor, world.clock, "web-1").record()
                : Stepper.tickToEnd(startAgain(survivor), world.clock, "web-1").record();

        assertThat(done.phase()).isEqualTo(scenario.end);
        assertThat(done.weights()).isEqualTo(scenario.endWeights);
        assertThat(world.route53.currentWeights(done.spec().dns())).isEqualTo(scenario.endWeights);
        assertThat(done.history()).extracting(e -> e.phase()).filteredOn(Phase::isTerminal).hasSize(1);
    }

    private static CanaryEngine startAgain(CanaryEngine engine) {
        engine.start(Specs.canary("web-1"));
        return engine;
    }

    private static int writesOf(Scenario scenario) {
        SimulatedWorld world = world(scenario);
        CanaryEngine engine = world.engine("driver-a");
        engine.start(Specs.canary("web-1"));
        Stepper.tickToEnd(engine, world.clock, "web-1");
        return world.store.writes();
    }

    /** The process dying: not an exception the engine may handle. */
    static final class SimulatedCrash extends Error {
        SimulatedCrash(String what) {
            super("simulated crash " + what);
        }
    }

    /** Persists the n-th write, then dies before the engine can do anything else. */
    static final class CrashingStore implements StateStore {
        private final StateStore delegate;
        private final int crashAfter;
        private final AtomicInteger writes = new AtomicInteger();

        CrashingStore(StateStore delegate, int crashAfter) {
            this.delegate = delegate;
            this.crashAfter = crashAfter;
        }

        boolean crashed() {
            return writes.get() >= crashAfter;
        }

        private void written() {
            if (writes.incrementAndGet() == crashAfter) {
                throw new SimulatedCrash("after write " + crashAfter);
            }
        }

        @Override
        public Optional<DeploymentRecord> load(String deploymentId) {
            return delegate.load(deploymentId);
        }

        @Override
        public void create(DeploymentRecord record) {
            delegate.create(record);
            written();
        }

        @Override
        public void update(DeploymentRecord previous, DeploymentRecord next) {
            delegate.update(previous, next);
            written();
        }

        @Override
        public ObservationOutcome record(TaskObservation observation) {
            return delegate.record(observation);
        }

        @Override
        public List<TaskObservation> observations(ServiceKey service) {
            return delegate.observations(service);
        }

        @Override
        public List<ActiveDeployment> active() {
            return delegate.active();
        }
    }

    /** Changes the records, then dies before the change id can be persisted. */
    static final class CrashingRouter implements TrafficRouter {
        private final TrafficRouter delegate;
        private final int crashAfter;
        private final AtomicInteger changes = new AtomicInteger();

        CrashingRouter(TrafficRouter delegate, int crashAfter) {
            this.delegate = delegate;
            this.crashAfter = crashAfter;
        }

        boolean crashed() {
            return changes.get() >= crashAfter;
        }

        @Override
        public Weights currentWeights(DnsSpec dns) {
            return delegate.currentWeights(dns);
        }

        @Override
        public String setWeights(DnsSpec dns, Weights expected, Weights weights) {
            String change = delegate.setWeights(dns, expected, weights);
            if (changes.incrementAndGet() == crashAfter) {
                throw new SimulatedCrash("after traffic change " + crashAfter + " to " + weights);
            }
            return change;
        }

        @Override
        public boolean isInSync(String changeId) {
            return delegate.isInSync(changeId);
        }

        @Override
        public Duration ttl(DnsSpec dns) {
            return delegate.ttl(dns);
        }
    }
}
