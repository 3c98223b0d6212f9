package dev.ecscanary.testing;

import dev.ecscanary.engine.CanaryEngine;
import dev.ecscanary.inmemory.SimulatedWorld;
import dev.ecscanary.port.Approvals.ApprovalDecision;
import dev.ecscanary.port.Gate.GateResult;
import dev.ecscanary.spec.CanarySpec;
import dev.ecscanary.spec.StepSpec;
import dev.ecscanary.spec.Steps;
import dev.ecscanary.state.DeploymentRecord;
import dev.ecscanary.state.Phase;
import dev.ecscanary.state.TaskObservation.ServiceKey;
import dev.ecscanary.view.DeploymentView;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * Deployments every renderer is specified against, each driven by the real engine in virtual time
 * (so their records hold what the engine really writes), and their views.
 */
public final class Deployments {

    public static final ServiceKey GREEN = new ServiceKey("shop", "shop-green");

    private Deployments() {
    }

    /**
     * {@code web-1}: 10 -> 25 -> 50 -> 100; step 3 waits for a person, alice, who approves it six
     * minutes later; green runs two minutes after the stacks; green receives 93 % of its share.
     */
    public static DeploymentRecord promoted() {
        CanarySpec spec = Specs.canary("web-1", Steps.of(StepSpec.of(10, Specs.BAKE, false),
                StepSpec.of(25, Specs.BAKE, false), StepSpec.of(50, Specs.BAKE, true), StepSpec.of(100, Specs.BAKE, false)));
        SimulatedWorld world = SimulatedWorld.builder().manualApprovals().build();
        world.ecs.runningFrom(GREEN, world.clock.instant().plus(Duration.ofMinutes(2)));
        world.gates.script("targetHealth", c -> GateResult.pass("2/2 healthy")
                .withObservedGreenPercent(Math.round(c.weights().greenPercent() * 0.93 * 10) / 10.0));
        world.gates.script("alarms", c -> GateResult.pass("shop-green-5xx OK"));
        CanaryEngine engine = world.engine("driver-a");
        engine.start(spec);
        Stepper.tickUntil(engine, world.clock, "web-1", r -> r.phase() == Phase.AWAITING_APPROVAL);
        world.clock.advance(Duration.ofMinutes(6));
        world.approvals.decide("web-1", 2, new ApprovalDecision(true, "alice", "error rate flat, p99 unchanged"));
        return Stepper.tickToEnd(engine, world.clock, "web-1").record();
    }

    /** {@code web-2}: the default four steps; targetHealth fails at 25 % green and the deployment fails back. */
    public static DeploymentRecord rolledBackAtStepTwo() {
        return run(Specs.canary("web-2"), false, world -> {
            world.ecs.runningFrom(GREEN, world.clock.instant().plus(Duration.ofSeconds(50)));
            world.gates.script("targetHealth", c -> c.weights().green() >= 25
                    ? GateResult.fail("1/2 healthy: 10.0.1.7 unhealthy (Target.ResponseCodeMismatch)")
                    .withObservedGreenPercent(c.weights().greenPercent() - 3)
                    : GateResult.pass("2/2 healthy").withObservedGreenPercent(c.weights().greenPercent() - 1));
        });
    }

    /** {@code web-4}: the default four steps, baking step 2 with its gates evaluated at least once. */
    public static DeploymentRecord bakingStepTwo() {
        SimulatedWorld world = SimulatedWorld.builder().build();
        world.ecs.runningFrom(GREEN, world.clock.instant());
        CanaryEngine engine = world.engine("driver-a");
        engine.start(Specs.canary("web-4"));
        return Stepper.tickUntil(engine, world.clock, "web-4", r -> r.phase() == Phase.BAKING && r.step() == 1
                && r.gates().stream().anyMatch(g -> g.evaluations() > 0));
    }

    /** {@code web-6}: 50 (approval) -> 100, waiting for a person to decide step 1. */
    public static DeploymentRecord awaitingApproval() {
        SimulatedWorld world = SimulatedWorld.builder().manualApprovals().build();
        world.ecs.runningFrom(GREEN, world.clock.instant());
        CanaryEngine engine = world.engine("driver-a");
        engine.start(Specs.canary("web-6", Steps.of(StepSpec.of(50, Specs.BAKE, true), StepSpec.of(100, Specs.BAKE,
                false))));
        return Stepper.tickUntil(engine, world.clock, "web-6", r -> r.phase() == Phase.AWAITING_APPROVAL);
    }

    public static DeploymentRecord run(CanarySpec spec, boolean manualApprovals, Consumer<SimulatedWorld> setUp) {
        SimulatedWorld world = manualApprovals ? SimulatedWorld.builder().manualApprovals().build()
                : SimulatedWorld.builder().build();
        setUp.accept(world);
        CanaryEngine engine = world.engine("driver-a");
        engine.start(spec);
        return Stepper.tickToEnd(engine, world.clock, spec.deploymentId()).record();
    }

    /** The view as of the record's last write: what a screen shows when it reads the record at once. */
    public static DeploymentView viewOf(DeploymentRecord record) {
        return DeploymentView.of(record, record.updatedAt() == null ? Instant.EPOCH : record.updatedAt());
    }
}
