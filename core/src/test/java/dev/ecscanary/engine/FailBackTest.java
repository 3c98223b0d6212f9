package dev.ecscanary.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecscanary.inmemory.SimulatedWorld;
import dev.ecscanary.port.Approvals.ApprovalDecision;
import dev.ecscanary.port.Gate.GateResult;
import dev.ecscanary.port.GreenReadiness;
import dev.ecscanary.port.TrafficRouter;
import dev.ecscanary.spec.CanarySpec;
import dev.ecscanary.spec.DnsSpec;
import dev.ecscanary.spec.StepSpec;
import dev.ecscanary.spec.Steps;
import dev.ecscanary.spec.Timeouts;
import dev.ecscanary.spec.Weights;
import dev.ecscanary.state.DeploymentRecord;
import dev.ecscanary.state.HistoryEvent;
import dev.ecscanary.state.FailBack.Trigger;
import dev.ecscanary.state.HistoryEntry;
import dev.ecscanary.state.Phase;
import dev.ecscanary.view.DeploymentView;
import dev.ecscanary.state.TaskObservation.ServiceKey;
import dev.ecscanary.testing.RecordingListener;
import dev.ecscanary.testing.Specs;
import dev.ecscanary.testing.Stepper;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Every way a deployment fails back, from every phase, ends at blue 100 / green 0. */
class FailBackTest {

    static final ServiceKey GREEN = new ServiceKey("shop", "shop-green");
    static final Steps WITH_APPROVAL = Steps.of(StepSpec.of(10, Specs.BAKE, false), StepSpec.of(50, Specs.BAKE, true),
            StepSpec.of(100, Duration.ZERO, false));

    record Case(String name, Consumer<SimulatedWorld> setUp, CanarySpec spec, Trigger trigger, String reason) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> failures() {
        CanarySpec canary = Specs.canary("web-1");
        return Stream.of(
                new Case("a stack fails", w -> w.stacks.failing("shop-green"), canary, Trigger.STACK_FAILED,
                        "stack shop-green failed: UPDATE_ROLLBACK_COMPLETE"),
                new Case("the stacks take too long", w -> { }, Specs.withTimeouts(canary,
                        new Timeouts(Duration.ofSeconds(30), null, null, null, null, null)), Trigger.TIMEOUT,
                        "stack shop-green was not ready within 30s"),
                new Case("green never runs", w -> { }, canary, Trigger.TIMEOUT,
                        "green did not run within 15m: 0/2 tasks running (events 0, poll 0); rollout IN_PROGRESS"),
                new Case("ECS rolls green back", w -> w.ecs.rolloutFails(GREEN, "circuit breaker: tasks failed to start"),
                        canary, Trigger.ERROR, "ECS rolled green back: circuit breaker: tasks failed to start"),
                new Case("a person rejects a step", w -> {
                    w.ecs.runningFrom(GREEN, w.clock.instant());
                    w.approvals.decide("web-1", 1, ApprovalDecision.reject("carol", "latency looks off"));
                }, Specs.canary("web-1", WITH_APPROVAL), Trigger.REJECTED, "step 2 rejected by carol"),
                new Case("nobody decides", w -> w.ecs.runningFrom(GREEN, w.clock.instant()),
                        Specs.withTimeouts(Specs.canary("web-1", WITH_APPROVAL),
                                new Timeouts(null, null, null, null, Duration.ofMinutes(30), null)),
                        Trigger.TIMEOUT, "no decision on step 2 within 30m"),
                new Case("Route53 never syncs", w -> w.ecs.runningFrom(GREEN, w.clock.instant()),
                        Specs.withTimeouts(canary, new Timeouts(null, null, Duration.ofSeconds(10), null, null, null)),
                        Trigger.TIMEOUT, "Route53 change C1 was not in sync within 10s"),
                new Case("a gate fails", w -> {
                    w.ecs.runningFrom(GREEN, w.clock.instant());
                    w.gates.script("targetHealth", c -> c.weights().green() >= 25
                            ? GateResult.fail("1/2 healthy: 10.0.1.7 unhealthy (Target.ResponseCodeMismatch)")
                            : GateResult.pass("2/2 healthy"));
                }, canary, Trigger.GATE_FAILED, "gate targetHealth failed at step 2"),
                new Case("gates stay inconclusive", w -> {
                    w.ecs.runningFrom(GREEN, w.clock.instant());
                    w.gates.script("alarms", c -> GateResult.inconclusive("INSUFFICIENT_DATA"));
                }, canary, Trigger.TIMEOUT, "gates still not passing 10m after the bake of step 1"))
                .map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("failures")
    void failsBackToAllBlue(Case failure) {
        SimulatedWorld world = failure.name().contains("person") || failure.name().contains("nobody")
                ? SimulatedWorld.builder().manualApprovals().propagation(slowSync(failure)).build()
                : SimulatedWorld.builder().propagation(slowSync(failure)).build();
        failure.setUp().accept(world);
        CanaryEngine engine = world.engine("driver-a");
        engine.start(failure.spec());

        DeploymentRecord done = Stepper.tickToEnd(engine, world.clock, "web-1").record();

        assertThat(done.phase()).isEqualTo(Phase.ROLLED_BACK);
        assertThat(done.failBack().trigger()).isEqualTo(failure.trigger());
        assertThat(done.failBack().reason()).isEqualTo(failure.reason());
        assertThat(done.weights()).isEqualTo(Weights.ALL_BLUE);
        assertThat(world.route53.currentWeights(done.spec().dns())).isEqualTo(Weights.ALL_BLUE);
        assertThat(done.history()).filteredOn(e -> e.phase() == Phase.FAILING_BACK).first()
                .satisfies(e -> {
                    assertThat(e.event()).isInstanceOfSatisfying(HistoryEvent.FailingBack.class, f -> {
                        assertThat(f.trigger()).isEqualTo(failure.trigger());
                        assertThat(f.reason()).isEqualTo(failure.reason());
                    });
                    assertThat(e.text()).isEqualTo("failing back: " + failure.reason());
                });
    }

    private static Duration slowSync(Case failure) {
        return failure.name().startsWith("Route53") ? Duration.ofMinutes(1) : Duration.ofSeconds(20);
    }

    /**
     * The phases an abort can meet; FAILING_BACK ignores a second abort, terminal phases any, and in
     * DRAINING the outcome is decided: an abort ends the drain check (DrainTest).
     */
    @ParameterizedTest(name = "aborted in {0}")
    @EnumSource(value = Phase.class, mode = EnumSource.Mode.EXCLUDE,
            names = {"PROMOTED", "ROLLED_BACK", "FAILING_BACK", "DRAINING"})
    void anAbortInAnyPhaseFailsBack(Phase phase) {
        SimulatedWorld world = SimulatedWorld.builder().manualApprovals().build();
        world.ecs.runningFrom(GREEN, world.clock.instant().plus(Duration.ofMinutes(3)));
        CanaryEngine engine = world.engine("driver-a");
        engine.start(Specs.canary("web-1", WITH_APPROVAL));
        Stepper.tickUntil(engine, world.clock, "web-1", r -> r.phase() == phase
                && (phase != Phase.AWAITING_APPROVAL || r.step() == 1));

        world.engine("ops").requestAbort("web-1", "dave", "pager went off");
        DeploymentRecord done = Stepper.tickToEnd(engine, world.clock, "web-1").record();

        assertThat(done.phase()).isEqualTo(Phase.ROLLED_BACK);
        assertThat(done.failBack().trigger()).isEqualTo(Trigger.ABORTED);
        assertThat(done.failBack().reason()).isEqualTo("aborted by dave: pager went off");
        assertThat(world.route53.currentWeights(done.spec().dns())).isEqualTo(Weights.ALL_BLUE);
    }

    @Test
    void repeatedUnexpectedErrorsFailBackAfterTheLimit() {
        SimulatedWorld world = SimulatedWorld.builder().build();
        GreenReadiness broken = green -> {
            throw new IllegalStateException("ECS: AccessDeniedException");
        };
        CanaryEngine engine = new CanaryEngine(new EnginePorts(world.store, world.route53, world.stacks, broken,
                world.gates, world.approvals, null, world.clock), EngineSettings.DEFAULTS, "driver-a");
        engine.start(Specs.canary("web-1"));

        DeploymentRecord done = Stepper.tickToEnd(engine, world.clock, "web-1").record();

        assertThat(done.phase()).isEqualTo(Phase.ROLLED_BACK);
        assertThat(done.failBack().trigger()).isEqualTo(Trigger.ERROR);
        assertThat(done.failBack().reason()).startsWith("3 errors in a row in AWAITING_GREEN, the last: "
                + "IllegalStateException: ECS: AccessDeniedException");
    }

    @Test
    void aSingleErrorIsRetriedWithoutFailingBack() {
        SimulatedWorld world = SimulatedWorld.builder().build();
        world.ecs.runningFrom(GREEN, world.clock.instant());
        AtomicInteger calls = new AtomicInteger();
        GreenReadiness flaky = green -> {
            if (calls.incrementAndGet() == 1) {
                throw new IllegalStateException("ThrottlingException");
            }
            return world.ecs.poll(green);
        };
        CanaryEngine engine = new CanaryEngine(new EnginePorts(world.store, world.route53, world.stacks, flaky,
                world.gates, world.approvals, null, world.clock), EngineSettings.DEFAULTS, "driver-a");
        engine.start(Specs.canary("web-1"));

        assertThat(Stepper.tickToEnd(engine, world.clock, "web-1").record().phase()).isEqualTo(Phase.PROMOTED);
    }

    @Test
    void aBusyRoute53IsWaitedOutNotCountedAsAnError() {
        SimulatedWorld world = SimulatedWorld.builder().build();
        world.ecs.runningFrom(GREEN, world.clock.instant());
        FlakyRouter router = new FlakyRouter(world.route53, 0);
        CanaryEngine engine = new CanaryEngine(new EnginePorts(world.store, router, world.stacks, world.ecs,
                world.gates, world.approvals, null, world.clock), EngineSettings.DEFAULTS, "driver-a");
        engine.start(Specs.canary("web-1"));
        Stepper.tickUntil(engine, world.clock, "web-1", r -> r.phase() == Phase.SHIFTING);
        router.busyNext(10);

        DeploymentRecord done = Stepper.tickToEnd(engine, world.clock, "web-1").record();

        assertThat(done.phase()).isEqualTo(Phase.PROMOTED);
        assertThat(done.history()).noneMatch(e -> e.phase() == Phase.FAILING_BACK);
    }

    @Test
    void failBackRetriesRoute53UntilItSucceeds() {
        SimulatedWorld world = SimulatedWorld.builder().build();
        world.ecs.runningFrom(GREEN, world.clock.instant());
        world.gates.script("targetHealth", c -> GateResult.fail("0/2 healthy"));
        FlakyRouter router = new FlakyRouter(world.route53, 0);
        CanaryEngine engine = new CanaryEngine(new EnginePorts(world.store, router, world.stacks, world.ecs,
                world.gates, world.approvals, null, world.clock), EngineSettings.DEFAULTS, "driver-a");
        engine.start(Specs.canary("web-1"));
        Stepper.tickUntil(engine, world.clock, "web-1", r -> r.phase() == Phase.FAILING_BACK);
        router.failNext(4);

        DeploymentRecord done = Stepper.tickToEnd(engine, world.clock, "web-1").record();

        assertThat(done.phase()).isEqualTo(Phase.ROLLED_BACK);
        assertThat(done.failBack().attempts()).isEqualTo(4);
        assertThat(world.route53.currentWeights(done.spec().dns())).isEqualTo(Weights.ALL_BLUE);
    }

    @Test
    void aFailBackRoute53NeverConfirmsIsReportedLoudlyAndCanBeRetried() {
        RecordingListener listener = new RecordingListener();
        SimulatedWorld world = SimulatedWorld.builder().build().listener(listener);
        world.ecs.runningFrom(GREEN, world.clock.instant());
        world.gates.script("targetHealth", c -> GateResult.fail("0/2 healthy"));
        FlakyRouter router = new FlakyRouter(world.route53, 0);
        CanaryEngine engine = new CanaryEngine(new EnginePorts(world.store, router, world.stacks, world.ecs,
                world.gates, world.approvals, listener, world.clock), EngineSettings.DEFAULTS, "driver-a");
        engine.start(Specs.canary("web-1"));
        Stepper.tickUntil(engine, world.clock, "web-1", r -> r.phase() == Phase.FAILING_BACK);
        router.failNext(Integer.MAX_VALUE);

        TickOutcome outcome = Stepper.tickToEnd(engine, world.clock, "web-1");

        assertThat(outcome).isInstanceOf(TickOutcome.Stuck.class);
        assertThat(outcome.record().phase()).isEqualTo(Phase.FAILING_BACK);
        assertThat(outcome.record().failBack().overdue()).isTrue();
        assertThat(outcome.record().weights()).isEqualTo(new Weights(90, 10));
        assertThat(listener.alerts).singleElement().asString().startsWith("FAIL-BACK NOT CONFIRMED after 5m")
                .contains("Traffic was last written as blue 90 / green 10 (10% green)")
                .contains("ecs-canary rollback web-1");

        router.failNext(0);
        engine.requestAbort("web-1", "erin", "retry the fail-back");
        DeploymentRecord done = Stepper.tickToEnd(engine, world.clock, "web-1").record();

        assertThat(done.phase()).isEqualTo(Phase.ROLLED_BACK);
        assertThat(world.route53.currentWeights(done.spec().dns())).isEqualTo(Weights.ALL_BLUE);
    }

    @Test
    void aFirstDeploymentChecksGreenHasNoTrafficAsSoonAsItsSetupStackMakesTheRecordsReadable() {
        SimulatedWorld world = SimulatedWorld.builder().build();
        DnsSpec live = new DnsSpec("Z0TESTZONE", "shop.example.test", "blue", "green", null, null);
        world.route53.put(live, Weights.ALL_GREEN);
        world.stacks.outputs("shop-setup", java.util.Map.of("HostedZoneId", "Z0TESTZONE"));
        CanarySpec canary = Specs.canary("web-1");
        CanarySpec firstTime = new CanarySpec("web-1", canary.stateTable(), null,
                new DnsSpec("${HostedZoneId}", "shop.example.test", "blue", "green", null, null), canary.green(),
                canary.blue(), java.util.List.of(new dev.ecscanary.spec.StackSpec("shop-setup",
                        "https://example.test/setup.yaml", java.util.Map.of()), canary.stacks().get(0)),
                canary.steps(), canary.gates(), null);
        CanaryEngine engine = world.engine("driver-a");
        engine.start(firstTime);

        DeploymentRecord done = Stepper.tickToEnd(engine, world.clock, "web-1").record();

        assertThat(done.phase()).isEqualTo(Phase.ROLLED_BACK);
        assertThat(done.failBack().trigger()).isEqualTo(Trigger.PRECONDITION);
        assertThat(done.history()).noneMatch(e -> e.event() instanceof HistoryEvent.StackReady ready
                && ready.stack().equals("shop-green"));
        assertThat(done.history()).last().satisfies(e -> {
            assertThat(e.event()).isEqualTo(new HistoryEvent.RolledBack(false, done.failBack().reason()));
            assertThat(e.text()).startsWith("rolled back before any traffic moved: the records were left as they were");
        });
        assertThat(world.route53.writes()).isEmpty();
        assertThat(world.route53.currentWeights(live)).isEqualTo(Weights.ALL_GREEN);
        assertThat(done.weights()).as("what Route53 holds, as read").isEqualTo(Weights.ALL_GREEN);
        DeploymentView view = DeploymentView.of(done, done.updatedAt());
        assertThat(view.outcome()).isEqualTo(DeploymentView.Outcome.REFUSED);
        assertThat(view.headline()).startsWith("refused to start, Route53 not changed: green record 'green' already"
                + " receives 100% of traffic");
        assertThat(done.history()).extracting(HistoryEntry::text)
                .anySatisfy(text -> assertThat(text).startsWith("refusing to start: green record 'green'"));
        assertThat(done.spec().dns().hostedZoneId()).as("the records as found").isEqualTo("Z0TESTZONE");
        assertThat(dev.ecscanary.report.HtmlReport.render(view)).contains("REFUSED")
                .contains("\u2717 refused: green record").doesNotContain("\u2717 fail-back:");
    }

    @Test
    void greenTrafficFoundOnlyOnceEveryStackIsReadyEndsTheDeploymentWithoutTouchingTheRecords() {
        SimulatedWorld world = SimulatedWorld.builder().build();
        CanarySpec referencing = Specs.canary("web-1");
        referencing = new CanarySpec("web-1", referencing.stateTable(), null,
                new DnsSpec("${HostedZoneId}", "shop.example.test", "blue", "green", null, null), referencing.green(),
                referencing.blue(), referencing.stacks(), referencing.steps(), referencing.gates(), null);
        world.stacks.outputs("shop-green", java.util.Map.of("HostedZoneId", "Z0TESTZONE"));
        DnsSpec live = new DnsSpec("Z0TESTZONE", "shop.example.test", "blue", "green", null, null);
        world.route53.put(live, new Weights(50, 50));
        CanaryEngine engine = world.engine("driver-a");
        engine.start(referencing);

        DeploymentRecord done = Stepper.tickToEnd(engine, world.clock, "web-1").record();

        assertThat(done.phase()).isEqualTo(Phase.ROLLED_BACK);
        assertThat(done.failBack().trigger()).isEqualTo(Trigger.PRECONDITION);
        assertThat(done.spec().dns().hostedZoneId()).isEqualTo("Z0TESTZONE");
        assertThat(world.route53.writes()).isEmpty();
        assertThat(world.route53.currentWeights(live)).isEqualTo(new Weights(50, 50));
        assertThat(done.weights()).isEqualTo(new Weights(50, 50));
        assertThat(DeploymentView.of(done, done.updatedAt()).outcome()).isEqualTo(DeploymentView.Outcome.REFUSED);
    }

    @Test
    void aFailBackBeforeAnyShiftLeavesTheRecordsAlone() {
        SimulatedWorld world = SimulatedWorld.builder().build();
        world.stacks.failing("shop-green");
        CanaryEngine engine = world.engine("driver-a");
        engine.start(Specs.canary("web-1"));

        DeploymentRecord done = Stepper.tickToEnd(engine, world.clock, "web-1").record();

        assertThat(done.phase()).isEqualTo(Phase.ROLLED_BACK);
        assertThat(world.route53.writes()).isEmpty();
    }

    /** Route53 that fails the next n calls, as a throttled or broken API would after the SDK's retries. */
    static final class FlakyRouter implements TrafficRouter {
        private final TrafficRouter delegate;
        private final AtomicInteger failuresLeft;
        private final AtomicInteger busyLeft = new AtomicInteger();

        FlakyRouter(TrafficRouter delegate, int failures) {
            this.delegate = delegate;
            this.failuresLeft = new AtomicInteger(failures);
        }

        void failNext(int n) {
            failuresLeft.set(n);
        }

        void busyNext(int n) {
            busyLeft.set(n);
        }

        private void maybeFail() {
            if (busyLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                throw new dev.ecscanary.port.BusyException("Route53 request budget used up");
            }
            if (failuresLeft.getAndUpdate(n -> n == Integer.MAX_VALUE ? n : Math.max(0, n - 1)) > 0) {
                throw new IllegalStateException("Route53: Throttling: Rate exceeded");
            }
        }

        @Override
        public Weights currentWeights(DnsSpec dns) {
            return delegate.currentWeights(dns);
        }

        @Override
        public String setWeights(DnsSpec dns, Weights expected, Weights weights) {
            maybeFail();
            return delegate.setWeights(dns, expected, weights);
        }

        @Override
        public boolean isInSync(String changeId) {
            maybeFail();
            return delegate.isInSync(changeId);
        }

        @Override
        public Duration ttl(DnsSpec dns) {
            return delegate.ttl(dns);
        }
    }
}
