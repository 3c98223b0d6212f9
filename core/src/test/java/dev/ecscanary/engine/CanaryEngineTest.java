package dev.ecscanary.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ecscanary.engine.Exceptions.DeploymentConflictException;
import dev.ecscanary.engine.Exceptions.DeploymentRefusedException;
import dev.ecscanary.inmemory.SimulatedWorld;
import dev.ecscanary.port.Approvals.ApprovalDecision;
import dev.ecscanary.port.Gate.GateResult;
import dev.ecscanary.spec.CanarySpec;
import dev.ecscanary.spec.InvalidSpecException;
import dev.ecscanary.spec.StepSpec;
import dev.ecscanary.spec.Steps;
import dev.ecscanary.spec.Weights;
import dev.ecscanary.state.DeploymentRecord;
import dev.ecscanary.state.HistoryEvent;
import dev.ecscanary.state.FailBack.Trigger;
import dev.ecscanary.state.HistoryEntry;
import dev.ecscanary.state.Phase;
import dev.ecscanary.state.TaskObservation.ServiceKey;
import dev.ecscanary.testing.RecordingListener;
import dev.ecscanary.testing.Specs;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CanaryEngineTest {

    static final ServiceKey GREEN = new ServiceKey("shop", "shop-green");

    final RecordingListener listener = new RecordingListener();
    final SimulatedWorld world = SimulatedWorld.builder().build().listener(listener);
    final CanaryEngine engine = world.engine("driver-a");
    final DeploymentDriver driver = world.driver(engine);

    DeploymentRecord runToEnd(CanarySpec spec) {
        engine.start(spec);
        var done = driver.drive(spec.deploymentId());
        world.scheduler.runAll();
        assertThat(done).isCompleted();
        return done.join().record();
    }

    @Test
    void aHealthyCanaryShiftsStepByStepAndIsPromoted() {
        world.ecs.runningFrom(GREEN, world.clock.instant().plus(Duration.ofMinutes(2)));
        Instant start = world.clock.instant();

        DeploymentRecord done = runToEnd(Specs.canary("web-1"));

        assertThat(done.phase()).isEqualTo(Phase.PROMOTED);
        assertThat(done.weights()).isEqualTo(Weights.ALL_GREEN);
        assertThat(done.lease()).isNull();
        assertThat(world.route53.writes()).containsExactly(new Weights(90, 10), new Weights(75, 25),
                new Weights(50, 50), new Weights(0, 100));
        assertThat(done.history()).extracting(HistoryEntry::phase).containsSubsequence(Phase.PENDING,
                Phase.DEPLOYING_STACKS, Phase.AWAITING_GREEN, Phase.GREEN_RUNNING, Phase.SHIFTING, Phase.SETTLING,
                Phase.BAKING, Phase.SHIFTING, Phase.SETTLING, Phase.BAKING, Phase.PROMOTED);
        Duration took = Duration.between(start, world.clock.instant());
        Duration floor = Duration.ofMinutes(2).plus(Duration.ofSeconds(20 + 60).plus(Specs.BAKE).multipliedBy(4));
        assertThat(took).isBetween(floor, floor.plus(Duration.ofSeconds(30)));
    }

    @Test
    void eachStepWaitsForSyncThenTheTtlThenTheBake() {
        world.ecs.runningFrom(GREEN, world.clock.instant());
        DeploymentRecord done = runToEnd(Specs.canary("web-1"));

        Instant shifted = at(done, Phase.SHIFTING, "weights set to blue 90");
        Instant inSync = at(done, Phase.SETTLING, "Route53 change C1 in sync");
        Instant baking = at(done, Phase.BAKING, "baking step 1");
        assertThat(Duration.between(shifted, inSync)).isBetween(Duration.ofSeconds(20), Duration.ofSeconds(23));
        assertThat(Duration.between(inSync, baking)).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void anExplicitTtlOverridesTheRecords() {
        world.ecs.runningFrom(GREEN, world.clock.instant());
        CanarySpec spec = Specs.canary("web-1");
        spec = new CanarySpec(spec.deploymentId(), spec.stateTable(), spec.region(),
                new dev.ecscanary.spec.DnsSpec("Z0TESTZONE", "shop.example.test", "blue", "green", Duration.ofSeconds(5),
                        null), spec.green(), spec.blue(), spec.stacks(), spec.steps(), spec.gates(), spec.timeouts());

        DeploymentRecord done = runToEnd(spec);

        assertThat(Duration.between(at(done, Phase.SETTLING, "Route53"), at(done, Phase.BAKING, "baking step 1")))
                .isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void aPersonApprovesEachStepThatAsksForIt() {
        SimulatedWorld manual = SimulatedWorld.builder().manualApprovals().build();
        manual.ecs.runningFrom(GREEN, manual.clock.instant());
        CanaryEngine engine = manual.engine("driver-a");
        DeploymentDriver driver = manual.driver(engine);
        CanarySpec spec = Specs.canary("web-1", Steps.of(StepSpec.of(10, Duration.ofMinutes(1), false),
                StepSpec.of(100, Duration.ZERO, true)));
        engine.start(spec);
        var done = driver.drive("web-1");
        manual.scheduler.runUntil(manual.clock.instant().plus(Duration.ofMinutes(10)));

        assertThat(engine.load("web-1").phase()).isEqualTo(Phase.AWAITING_APPROVAL);
        assertThat(manual.approvals.requests()).singleElement()
                .satisfies(r -> assertThat(r.weights()).isEqualTo(Weights.ALL_GREEN));

        manual.approvals.decide("web-1", 1, ApprovalDecision.approve("alice"));
        manual.scheduler.runAll();

        assertThat(done.join().record().phase()).isEqualTo(Phase.PROMOTED);
        assertThat(done.join().record().history()).anySatisfy(e -> {
            assertThat(e.event()).isEqualTo(new HistoryEvent.Approved(2, null));
            assertThat(e.text()).isEqualTo("step 2 approved by alice");
            assertThat(e.by()).isEqualTo("alice");
        });
    }

    @Test
    void startingTheSameDeploymentTwiceStartsItOnce() {
        CanarySpec spec = Specs.canary("web-1");
        DeploymentRecord first = engine.start(spec);
        DeploymentRecord second = world.engine("driver-b").start(spec);

        assertThat(second).isEqualTo(first);
        assertThat(world.store.writes()).isEqualTo(1);
    }

    @Test
    void aDifferentSpecUnderAnExistingIdIsRefused() {
        engine.start(Specs.canary("web-1"));
        CanarySpec other = Specs.canary("web-1", Steps.of(StepSpec.of(100, Duration.ZERO, false)));

        assertThatThrownBy(() -> engine.start(other)).isInstanceOf(DeploymentConflictException.class)
                .hasMessageContaining("give this one a new id");
    }

    @Test
    void aDeploymentDoesNotStartWhileGreenHasTraffic() {
        CanarySpec spec = Specs.canary("web-1");
        world.route53.put(spec.dns(), Weights.ALL_GREEN);

        assertThatThrownBy(() -> engine.start(spec)).isInstanceOf(DeploymentRefusedException.class)
                .hasMessageContaining("already receives 100% of traffic")
                .hasMessageContaining("swapping blue and green");
        assertThat(engine.find("web-1")).isEmpty();
        assertThat(world.route53.writes()).isEmpty();
    }

    @Test
    void anInvalidSpecExecutesNothing() {
        CanarySpec invalid = Specs.canary("web-1", Steps.of(StepSpec.of(50, Duration.ZERO, false)));

        assertThatThrownBy(() -> engine.start(invalid)).isInstanceOf(InvalidSpecException.class)
                .hasMessageContaining("the last step must be 100");
        assertThat(world.store.writes()).isZero();
        assertThat(world.route53.writes()).isEmpty();
    }

    @Test
    void anInconclusiveGateHoldsTheStepAndNeverPromotes() {
        world.ecs.runningFrom(GREEN, world.clock.instant());
        world.gates.script("alarms", c -> GateResult.inconclusive("alarm has no data yet"));

        DeploymentRecord done = runToEnd(Specs.canary("web-1"));

        assertThat(done.phase()).isEqualTo(Phase.ROLLED_BACK);
        assertThat(done.failBack().trigger()).isEqualTo(Trigger.TIMEOUT);
        assertThat(done.failBack().reason()).isEqualTo("gates still not passing 10m after the bake of step 1");
        assertThat(world.route53.writes()).containsExactly(new Weights(90, 10), Weights.ALL_BLUE);
    }

    @Test
    void aGateFailsTheStepOnlyAtItsConsecutiveFailureThreshold() {
        world.ecs.runningFrom(GREEN, world.clock.instant());
        int[] calls = {0};
        // alarms has failureThreshold 2: one FAIL between passes is tolerated
        world.gates.script("alarms", c -> ++calls[0] == 2 ? GateResult.fail("blip") : GateResult.pass("ok"));

        assertThat(runToEnd(Specs.canary("web-1")).phase()).isEqualTo(Phase.PROMOTED);
    }

    @Test
    void aGateThatThrowsIsInconclusiveNotAPass() {
        world.ecs.runningFrom(GREEN, world.clock.instant());
        world.gates.script("targetHealth", c -> {
            throw new IllegalStateException("ELB unreachable");
        });

        DeploymentRecord done = runToEnd(Specs.canary("web-1"));

        assertThat(done.phase()).isEqualTo(Phase.ROLLED_BACK);
        assertThat(done.gates()).anySatisfy(g -> assertThat(g.message()).contains("could not evaluate")
                .contains("ELB unreachable"));
    }

    @Test
    void aGateWhoseCallFailedSaysWhichCallAndWhyInItsEvidenceAndTheFailBack() {
        world.ecs.runningFrom(GREEN, world.clock.instant());
        world.gates.script("alarms", c -> {
            throw new dev.ecscanary.port.Gate.CallFailedException(
                    "CloudWatch DescribeAlarms for shop-green-5xx failed: HTTP 404 - run with --emulator-cloudwatch-bridge",
                    null);
        });

        DeploymentRecord done = runToEnd(Specs.canary("web-1"));

        assertThat(done.phase()).isEqualTo(Phase.ROLLED_BACK);
        assertThat(done.gates()).anySatisfy(g -> assertThat(g.message()).isEqualTo("could not evaluate: CloudWatch"
                + " DescribeAlarms for shop-green-5xx failed: HTTP 404 - run with --emulator-cloudwatch-bridge"));
        assertThat(done.history()).anySatisfy(e -> assertThat(e.gates()).anySatisfy(g -> assertThat(g.message())
                .contains("CloudWatch DescribeAlarms for shop-green-5xx failed: HTTP 404")));
    }

    @Test
    void theObservedGreenShareIsKeptWithEachGateResult() {
        world.ecs.runningFrom(GREEN, world.clock.instant());
        world.gates.script("targetHealth", c -> GateResult.pass("2/2 healthy").withObservedGreenPercent(9.5));

        DeploymentRecord done = runToEnd(Specs.canary("web-1"));

        assertThat(done.gates()).anySatisfy(g -> assertThat(g.observedGreenPercent()).isEqualTo(9.5));
        assertThat(done.shareSamples()).filteredOn(s -> s.gate().equals("targetHealth")).isNotEmpty()
                .allSatisfy(s -> assertThat(s.observedPercent()).isEqualTo(9.5));
        assertThat(done.shareSamples()).extracting(s -> s.intendedPercent()).contains(10.0, 25.0, 50.0, 100.0);
    }

    @Test
    void anAbortFailsBackAtTheNextTick() {
        world.ecs.runningFrom(GREEN, world.clock.instant());
        engine.start(Specs.canary("web-1"));
        var done = driver.drive("web-1");
        world.scheduler.runUntil(world.clock.instant().plus(Duration.ofMinutes(9)));
        assertThat(engine.load("web-1").phase()).isEqualTo(Phase.BAKING);

        world.engine("someone-else").requestAbort("web-1", "bob", "customers report errors");
        driver.wake("web-1");
        world.scheduler.runAll();

        DeploymentRecord record = done.join().record();
        assertThat(record.phase()).isEqualTo(Phase.ROLLED_BACK);
        assertThat(record.failBack().reason()).isEqualTo("aborted by bob: customers report errors");
        assertThat(world.route53.currentWeights(record.spec().dns())).isEqualTo(Weights.ALL_BLUE);
    }

    @Test
    void everyTransitionIsReportedToTheListenerOnceInOrder() {
        world.ecs.runningFrom(GREEN, world.clock.instant());
        DeploymentRecord done = runToEnd(Specs.canary("web-1"));

        assertThat(listener.history).containsExactlyElementsOf(done.history());
    }

    private static Instant at(DeploymentRecord record, Phase phase, String eventPrefix) {
        return record.history().stream().filter(e -> e.phase() == phase && e.text().startsWith(eventPrefix))
                .findFirst().orElseThrow(() -> new AssertionError("no " + phase + " '" + eventPrefix + "' in "
                        + record.history())).at();
    }
}
