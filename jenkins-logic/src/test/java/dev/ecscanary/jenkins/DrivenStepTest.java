package dev.ecscanary.jenkins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ecscanary.engine.CanaryEngine;
import dev.ecscanary.engine.DeploymentDriver;
import dev.ecscanary.inmemory.SimulatedWorld;
import dev.ecscanary.port.Gate.GateResult;
import dev.ecscanary.state.DeploymentRecord;
import dev.ecscanary.state.HistoryEvent;
import dev.ecscanary.state.Phase;
import dev.ecscanary.state.TaskObservation.ServiceKey;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.api.Test;

/**
 * A driving step between its deployment's recording and its end, without Jenkins: in virtual time,
 * against the simulated world, its host a recorder.
 */
class DrivenStepTest {

    final SimulatedWorld world = SimulatedWorld.builder().build();
    final CanaryEngine engine = world.engine("jenkins:test:p#1");
    final RecordingHost host = new RecordingHost();
    final ByteArrayOutputStream console = new ByteArrayOutputStream();
    final BuildLog log = new BuildLog(new PrintStream(console, true, StandardCharsets.UTF_8), "jenkins:test:p#1",
            host::observed);
    final List<String> registered = new ArrayList<>();

    @Test
    void aStepThatReachesItsMilestoneSucceedsWithItsValueAndLeavesTheDeploymentThere() {
        DrivenStep step = step(world.driver(engine));
        world.ecs.runningFrom(new ServiceKey("shop", "shop-green"), world.clock.instant());

        step.drive(engine.start(Specs.valid()), Milestone.GREEN_RUNNING);
        world.scheduler.runAll();

        assertEquals(List.of("succeed GREEN_RUNNING"), host.endings);
        assertEquals(Phase.GREEN_RUNNING, engine.load("shop-web-42").phase());
        assertTrue(registered.isEmpty(), "relayed events no longer wake a driver that stopped");
    }

    @Test
    void anAbortAsksForTheFailBackOnceAndTheStepEndsAbortedWhenBlueServesAgain() {
        DrivenStep step = step(world.driver(engine));
        world.ecs.runningFrom(new ServiceKey("shop", "shop-green"), world.clock.instant());
        step.drive(engine.start(Specs.valid()), Milestone.FINISHED);
        world.scheduler.runUntil(world.clock.instant().plus(Duration.ofMinutes(6)));
        assertEquals(Phase.BAKING, engine.load("shop-web-42").phase());

        host.abortRequested = true;
        step.abort("alice", "the Jenkins build p#1 was aborted");
        step.abort("alice", "the Jenkins build p#1 was aborted");
        world.scheduler.runAll();

        DeploymentRecord record = engine.load("shop-web-42");
        assertEquals(Phase.ROLLED_BACK, record.phase());
        assertEquals(1, record.history().stream().filter(e -> e.is(HistoryEvent.AbortRequested.class)).count());
        assertEquals(List.of("fail aborted"), host.endings);
        assertTrue(console.toString(StandardCharsets.UTF_8).contains("the build was aborted by alice"));
    }

    @Test
    void aMilestoneReachedAfterTheAbortStillDrivesTheFailBackToItsEnd() {
        DrivenStep step = step(world.driver(engine));
        world.ecs.runningFrom(new ServiceKey("shop", "shop-green"), world.clock.instant());
        DeploymentRecord started = engine.start(Specs.valid());
        host.abortRequested = true;
        engine.requestAbort(started.id(), "alice", "aborted");

        step.drive(started, Milestone.GREEN_RUNNING);
        world.scheduler.runAll();

        assertEquals(Phase.ROLLED_BACK, engine.load("shop-web-42").phase());
        assertEquals(List.of("fail aborted"), host.endings);
    }

    @Test
    void aRolledBackDeploymentGetsTheStepsOwnVerdict() {
        world.gates.script("targetHealth", context -> GateResult.fail("no healthy target"));
        DrivenStep step = step(world.driver(engine));
        world.ecs.runningFrom(new ServiceKey("shop", "shop-green"), world.clock.instant());

        step.drive(engine.start(Specs.valid()), Milestone.FINISHED);
        world.scheduler.runAll();

        assertEquals(List.of("fail rolled back"), host.endings);
    }

    @Test
    void aDriverThatFailsWhileJenkinsStopsSuspendsTheStepInsteadOfFailingIt() {
        DeploymentDriver refusing = new DeploymentDriver(engine, world.scheduler, task -> {
            throw new RejectedExecutionException("the pool is shut down");
        }, world.clock);
        DrivenStep step = step(refusing);
        host.terminating = true;

        step.drive(engine.start(Specs.valid()), Milestone.FINISHED);

        assertEquals(List.of("suspend"), host.endings);
        step.drive(engine.load("shop-web-42"), Milestone.FINISHED);
        assertEquals(List.of("suspend"), host.endings, "a suspended step does not end again");
    }

    @Test
    void theSameFailureWhileJenkinsRunsFailsTheStep() {
        DrivenStep step = step(new DeploymentDriver(engine, world.scheduler, task -> {
            throw new RejectedExecutionException("the pool is shut down");
        }, world.clock));

        step.drive(engine.start(Specs.valid()), Milestone.FINISHED);

        assertEquals(List.of("fail RejectedExecutionException"), host.endings);
    }

    @Test
    void anEndedDeploymentEndsTheStepWithoutATick() {
        DeploymentRecord started = engine.start(Specs.valid());
        engine.requestAbort(started.id(), "alice", "changed my mind");
        DeploymentRecord ended = started;
        while (!ended.isFinished()) {
            ended = engine.tick(started.id()).record();
        }
        long versions = ended.version();
        DrivenStep step = step(world.driver(engine));

        step.drive(ended, Milestone.FINISHED);

        assertEquals(List.of("fail rolled back"), host.endings);
        assertEquals(versions, engine.load(started.id()).version(), "nothing was ticked");
        assertEquals(0, world.scheduler.pending());
    }

    private DrivenStep step(DeploymentDriver driver) {
        Session session = new Session(new CanaryTarget("shop-web-42", "ecs-canary-state", null, null, null), engine,
                driver, log, () -> { });
        return new DrivenStep(session, host, new DrivenStep.Drivers() {
            @Override
            public void register(String deploymentId, DeploymentDriver d) {
                registered.add(deploymentId);
            }

            @Override
            public void unregister(String deploymentId, DeploymentDriver d) {
                registered.remove(deploymentId);
            }
        });
    }

    /** The step's host, as a recorder of how the step ended. */
    static final class RecordingHost implements DrivenStep.Host {
        final List<String> endings = new ArrayList<>();
        volatile boolean abortRequested;
        volatile boolean terminating;

        @Override
        public void onLane(Runnable work) {
            work.run();
        }

        @Override
        public void observed(DeploymentRecord record) {
        }

        @Override
        public boolean abortRequested() {
            return abortRequested;
        }

        @Override
        public Object result(DeploymentRecord record) {
            return record.phase().name();
        }

        @Override
        public Object rolledBack(DeploymentRecord record) throws Exception {
            throw new Exception("rolled back");
        }

        @Override
        public Throwable abortFailure() {
            return new Exception("aborted");
        }

        @Override
        public void succeed(Object value) {
            endings.add("succeed " + value);
        }

        @Override
        public void fail(Throwable error) {
            endings.add("fail " + (error.getMessage() != null && !(error instanceof RejectedExecutionException)
                    ? error.getMessage() : error.getClass().getSimpleName()));
        }

        @Override
        public void suspend(Throwable why) {
            endings.add("suspend");
        }

        @Override
        public boolean terminating() {
            return terminating;
        }
    }
}
