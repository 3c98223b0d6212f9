package dev.ecscanary.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecscanary.inmemory.SimulatedWorld;
import dev.ecscanary.state.Phase;
import dev.ecscanary.state.TaskObservation.ServiceKey;
import dev.ecscanary.testing.Specs;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.api.Test;

class DeploymentDriverTest {

    final SimulatedWorld world = SimulatedWorld.builder().build();
    final CanaryEngine engine = world.engine("driver-a");
    final DeploymentDriver driver = world.driver(engine);

    @Test
    void drivingHoldsNoThreadWhileWaiting() {
        world.ecs.runningFrom(new ServiceKey("shop", "shop-green"), world.clock.instant());
        engine.start(Specs.canary("web-1"));
        var done = driver.drive("web-1");

        world.scheduler.runUntil(world.clock.instant().plus(Duration.ofMinutes(3)));

        assertThat(done).isNotDone();
        assertThat(world.scheduler.pending()).isEqualTo(1);
        assertThat(driver.driving()).isEqualTo(1);
    }

    @Test
    void drivingCanStopAtAMilestoneAndCarryOnLater() {
        world.ecs.runningFrom(new ServiceKey("shop", "shop-green"), world.clock.instant());
        engine.start(Specs.canary("web-1"));

        var greenRuns = driver.drive("web-1", r -> r.phase() == Phase.GREEN_RUNNING);
        world.scheduler.runAll();
        assertThat(greenRuns.join().record().phase()).isEqualTo(Phase.GREEN_RUNNING);
        assertThat(world.route53.writes()).isEmpty();

        var secondStepBaked = driver.drive("web-1", r -> r.step() == 2);
        world.scheduler.runAll();
        assertThat(secondStepBaked.join().record().weights().green()).isEqualTo(25);

        var done = driver.drive("web-1");
        world.scheduler.runAll();
        assertThat(done.join().record().phase()).isEqualTo(Phase.PROMOTED);
    }

    @Test
    void anExecutorThatShutsDownEndsTheRunWithTheRejectionInsteadOfThrowingAtTheScheduler() {
        engine.start(Specs.canary("web-1"));
        DeploymentDriver stopped = new DeploymentDriver(engine, world.scheduler, task -> {
            throw new RejectedExecutionException("shutting down");
        }, world.clock);

        var run = stopped.drive("web-1");

        assertThat(run).isCompletedExceptionally();
        assertThat(run.handle((outcome, error) -> error).join()).isInstanceOf(RejectedExecutionException.class);
        assertThat(stopped.driving()).isZero();
    }

    @Test
    void anEventWakesAWaitingDeploymentAtOnce() {
        engine.start(Specs.canary("web-1"));
        var greenRuns = driver.drive("web-1", r -> r.phase() == Phase.GREEN_RUNNING);
        world.scheduler.runUntil(world.clock.instant().plus(Duration.ofMinutes(2)));
        var intake = world.intake(driver);

        for (String task : new String[] {"t1", "t2"}) {
            intake.accept(dev.ecscanary.events.EcsEvents.taskStateChange("shop", "shop-green", task, 4, "RUNNING",
                    world.clock.instant()));
        }

        assertThat(greenRuns).isCompleted();
    }
}
