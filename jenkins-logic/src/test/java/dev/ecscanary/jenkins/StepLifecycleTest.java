package dev.ecscanary.jenkins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ecscanary.engine.CanaryEngine;
import dev.ecscanary.engine.DeploymentDriver;
import dev.ecscanary.engine.EnginePorts;
import dev.ecscanary.engine.EngineSettings;
import dev.ecscanary.inmemory.SimulatedWorld;
import dev.ecscanary.port.Approvals;
import dev.ecscanary.spec.SpecReader;
import dev.ecscanary.state.DeploymentRecord;
import dev.ecscanary.state.HistoryEntry;
import dev.ecscanary.state.HistoryEvent;
import dev.ecscanary.state.Phase;
import dev.ecscanary.state.TaskObservation.ServiceKey;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A driving step's whole life without Jenkins: started, aborted at any moment, resumed after a restart
 * from what was saved with the build, and ended exactly once. In virtual time, against the simulated
 * world; the Pipeline is a recorder.
 */
class StepLifecycleTest {

    static final String UNATTENDED = Specs.VALID.replace("approval: true", "approval: false");
    static final String ID = "shop-web-42";
    static final ServiceKey GREEN = new ServiceKey("shop", "shop-green");

    @TempDir
    Path dir;

    final SimulatedWorld world = SimulatedWorld.builder().build();
    TestBuild build;

    @BeforeEach
    void build() {
        build = new TestBuild(dir);
    }

    @Test
    void aSpecStepReadsItsSpecRecordsTheDeploymentAndEndsWithItsValue() {
        build.file("canary.yaml", Specs.VALID);
        FakePipeline jenkins = new FakePipeline(Runnable::run);
        StepLifecycle step = new StepLifecycle(stacks("canary.yaml", null));

        step.start(jenkins);
        world.scheduler.runAll();

        assertEquals(List.of("success " + ID), jenkins.endings);
        assertEquals(Phase.AWAITING_GREEN, world.store.load(ID).orElseThrow().phase());
        assertEquals(ID, step.target().deploymentId(), "the target is kept with the build");
        assertTrue(jenkins.saves > 0);
        assertEquals(Phase.AWAITING_GREEN, last(build.shown).phase(), "the build's page shows the newest record");
        assertTrue(log().contains("read canary.yaml: 1 stack(s), 4 step(s), 1 gate(s)"), log());
        assertTrue(log().contains("state table shop-ecs-canary-state, region eu-west-1; driving as jenkins:test:p#1"));
        assertTrue(log().contains("no event secret is configured, so green is found by polling ECS"));
        assertEquals("done", step.status());
    }

    @Test
    void canaryDeployWithoutABodyRefusesASpecThatAsksForApprovalBeforeAnythingIsRecorded() {
        build.file("canary.yaml", Specs.VALID);
        FakePipeline jenkins = new FakePipeline(Runnable::run);

        new StepLifecycle(deploy("canary.yaml", SpecPurpose.Kind.DEPLOY_UNATTENDED)).start(jenkins);

        assertEquals(1, jenkins.endings.size());
        assertTrue(jenkins.endings.get(0).startsWith("failure StepFailure: step 2 needs approval: give canaryDeploy a "
                + "body with an input step"), jenkins.endings.get(0));
        assertTrue(world.store.load(ID).isEmpty(), "nothing is recorded");
    }

    @Test
    void aSpecStepOutsideNodeSaysHowToHoldNoExecutorWhileItWaits() {
        FakePipeline jenkins = new FakePipeline(Runnable::run);
        build.outsideNode = true;

        new StepLifecycle(deploy("canary.yaml", SpecPurpose.Kind.DEPLOY_WITH_BODY)).start(jenkins);

        assertEquals(List.of("failure StepFailure: canaryDeploy reads canary.yaml from the workspace: call it inside "
                + "node { }, or call canaryPrepare(spec: 'canary.yaml') inside node and canaryDeploy(deployment: id) "
                + "outside it, where it holds no executor while it waits"), jenkins.endings);
    }

    @Test
    void theSpecCanaryPrepareReadIsStartedByIdOutsideNode() throws Exception {
        build.file("canary.yaml", UNATTENDED);
        FakePipeline jenkins = new FakePipeline(Runnable::run);
        String id = PreparedDeployment.prepare(jenkins.inputs(), source("canary.yaml", null));
        assertEquals(ID, id);
        assertTrue(world.store.load(ID).isEmpty(), "preparing touches nothing in AWS");
        build.outsideNode = true;
        world.ecs.runningFrom(GREEN, world.clock.instant());

        new StepLifecycle(new SpecPurpose("canaryDeploy", SpecPurpose.Kind.DEPLOY_UNATTENDED, source(null, id)))
                .start(jenkins);
        world.scheduler.runAll();

        assertEquals(List.of("success PROMOTED"), jenkins.endings);
        assertTrue(log().contains("the spec canaryPrepare read earlier in this build: 1 stack(s), 4 step(s)"), log());
    }

    @Test
    void anUnknownPreparedDeploymentIsRefusedWithWhatToDo() {
        FakePipeline jenkins = new FakePipeline(Runnable::run);

        new StepLifecycle(new SpecPurpose("canaryStacks", SpecPurpose.Kind.STACKS, source(null, "nope"))).start(jenkins);

        assertEquals(1, jenkins.endings.size());
        assertTrue(jenkins.endings.get(0).startsWith("failure StepFailure: no deployment nope was prepared in this "
                + "build: call canaryPrepare(spec: 'canary.yaml') inside node first and give canaryStacks the id"));
    }

    @Test
    void anAbortBeforeAnythingIsRecordedEndsTheStepAtOnceAndRecordsNothing() {
        build.file("canary.yaml", UNATTENDED);
        List<Runnable> queued = new ArrayList<>();
        FakePipeline jenkins = new FakePipeline(queued::add);
        StepLifecycle step = new StepLifecycle(deploy("canary.yaml", SpecPurpose.Kind.DEPLOY_UNATTENDED));

        step.start(jenkins);
        step.stop(jenkins, new RuntimeException("stop"), "alice");
        runQueued(queued);

        assertEquals(List.of("failure RuntimeException: stop"), jenkins.endings, "one ending: the abort's own");
        assertEquals(List.of("stopping stop"), jenkins.stopping);
        assertTrue(world.store.load(ID).isEmpty());
    }

    @Test
    void anAbortWhileDrivingFailsBackToBlueBeforeTheStepEndsAborted() {
        FakePipeline jenkins = new FakePipeline(Runnable::run);
        StepLifecycle step = bakingCanary(jenkins);
        assertTrue(step.status().startsWith("holding step 1/4 (10% green)"), step.status());

        step.stop(jenkins, new RuntimeException("aborted"), "alice");
        assertTrue(jenkins.endings.isEmpty(), "the step ends once blue serves again");
        world.scheduler.runAll();

        DeploymentRecord record = world.store.load(ID).orElseThrow();
        assertEquals(Phase.ROLLED_BACK, record.phase());
        HistoryEntry asked = record.history().stream().filter(e -> e.is(HistoryEvent.AbortRequested.class))
                .findFirst().orElseThrow();
        assertEquals("alice", asked.by());
        assertEquals(List.of("failure RuntimeException: aborted"), jenkins.endings);
        assertEquals(0, jenkins.drivers.size(), "no driver is left for relayed events to wake");
        assertEquals(1, jenkins.closed, "the session's clients are closed");
    }

    @Test
    void aStepResumedAfterARestartCarriesOnFromTheStateTable() throws Exception {
        FakePipeline before = new FakePipeline(Runnable::run);
        byte[] saved = restart(bakingCanary(before));
        build.workspace.clear(); // the workspace is not read again

        FakePipeline after = new FakePipeline(Runnable::run);
        StepLifecycle resumed = deserialize(saved);
        resumed.resume(after);
        world.scheduler.runAll();

        assertEquals(List.of(), before.endings);
        assertEquals(List.of("success PROMOTED"), after.endings);
        assertTrue(log().contains("resumed after a restart of Jenkins: carrying on from the state table"));
    }

    @Test
    void anAbortSavedBeforeARestartFailsBackFirstAndSaysNoPersonAbortedWhenNoneDid() throws Exception {
        List<Runnable> queued = new ArrayList<>();
        FakePipeline before = new FakePipeline(queued::add);
        StepLifecycle step = bakingCanary(before, queued);
        step.stop(before, new RuntimeException("timeout"), null); // the abort is saved, then Jenkins stops
        byte[] saved = restart(step);

        FakePipeline after = new FakePipeline(Runnable::run);
        deserialize(saved).resume(after);
        world.scheduler.runAll();

        assertEquals(Phase.ROLLED_BACK, world.store.load(ID).orElseThrow().phase());
        assertEquals(List.of("failure IllegalStateException: aborted before the restart by nobody"), after.endings);
    }

    @Test
    void anAbortArrivingAsTheStepResumesFailsBackOnceAndEndsWithIt() throws Exception {
        byte[] saved = restart(bakingCanary(new FakePipeline(Runnable::run)));

        List<Runnable> queued = new ArrayList<>();
        FakePipeline after = new FakePipeline(queued::add);
        StepLifecycle resumed = deserialize(saved);
        resumed.resume(after);
        resumed.stop(after, new RuntimeException("aborted by alice"), "alice");
        runQueued(queued);
        world.scheduler.runAll();
        runQueued(queued);

        DeploymentRecord record = world.store.load(ID).orElseThrow();
        assertEquals(Phase.ROLLED_BACK, record.phase());
        assertEquals(1, record.history().stream().filter(e -> e.is(HistoryEvent.AbortRequested.class)).count());
        assertEquals(List.of("failure RuntimeException: aborted by alice"), after.endings);
    }

    @Test
    void aStepThatCannotBeQueuedWhileJenkinsStopsIsLeftForTheRestartNotFailed() {
        FakePipeline stopping = new FakePipeline(task -> {
            throw new RejectedExecutionException("shut down");
        });
        stopping.terminating = true;
        new StepLifecycle(deploy("canary.yaml", SpecPurpose.Kind.DEPLOY_UNATTENDED)).start(stopping);
        assertEquals(List.of(), stopping.endings);

        FakePipeline running = new FakePipeline(task -> {
            throw new RejectedExecutionException("shut down");
        });
        new StepLifecycle(deploy("canary.yaml", SpecPurpose.Kind.DEPLOY_UNATTENDED)).start(running);
        assertEquals(List.of("failure RejectedExecutionException: shut down"), running.endings);
    }

    @Test
    void canaryShiftDrivesUntilItsStepHasBakedApprovingItOnTheWay() {
        world.ecs.runningFrom(GREEN, world.clock.instant());
        world.engine("jenkins:test:p#1").start(Specs.valid());
        FakePipeline jenkins = new FakePipeline(Runnable::run);
        StepLifecycle step = new StepLifecycle(new DeploymentPurpose.Shift(args(), 25));

        step.start(jenkins);
        world.scheduler.runAll();

        DeploymentRecord record = world.store.load(ID).orElseThrow();
        assertEquals(List.of("success SHIFTING"), jenkins.endings, "step 3 needs no approval: it is entered at once");
        assertEquals(2, record.step());
        assertTrue(record.history().stream().anyMatch(e -> e.is(HistoryEvent.Approved.class)
                && PipelineApprovals.BY.equals(e.by())), "step 2 was approved by the pipeline");
    }

    @Test
    void aShiftToAPercentNoStepHasListsTheSteps() {
        world.engine("jenkins:test:p#1").start(Specs.valid());
        FakePipeline jenkins = new FakePipeline(Runnable::run);

        new StepLifecycle(new DeploymentPurpose.Shift(args(), 30)).start(jenkins);

        assertEquals(List.of("failure StepFailure: no step of deployment shop-web-42 shifts to 30% green; its steps "
                + "are 10%, 25%, 50%, 100%"), jenkins.endings);
    }

    @Test
    void canaryFailBackAsksOnceInTheNameOfWhoStartedTheBuildAndReturnsRolledBack() {
        world.ecs.runningFrom(GREEN, world.clock.instant());
        CanaryEngine other = world.engine("jenkins:test:p#0");
        other.start(Specs.valid());
        FakePipeline jenkins = new FakePipeline(Runnable::run);
        build.startedBy = "bob";

        new StepLifecycle(new DeploymentPurpose.FailBack(args(), null)).start(jenkins);
        world.scheduler.runAll();

        DeploymentRecord record = world.store.load(ID).orElseThrow();
        assertEquals(Phase.ROLLED_BACK, record.phase());
        List<HistoryEntry> asked = record.history().stream().filter(e -> e.is(HistoryEvent.AbortRequested.class)).toList();
        assertEquals(1, asked.size());
        assertEquals("bob", asked.get(0).by());
        assertEquals(List.of("success ROLLED_BACK"), jenkins.endings);
    }

    @Test
    void canaryFailBackRefusesAPromotedDeployment() {
        world.ecs.runningFrom(GREEN, world.clock.instant());
        CanaryEngine engine = world.engine("jenkins:test:p#0");
        DeploymentRecord started = engine.start(SpecReader.parse(UNATTENDED, "canary.yaml", null));
        DeploymentDriver driver = world.driver(engine);
        driver.drive(started.id(), r -> false);
        driver.wake(started.id());
        world.scheduler.runAll();
        assertEquals(Phase.PROMOTED, world.store.load(ID).orElseThrow().phase());
        FakePipeline jenkins = new FakePipeline(Runnable::run);

        new StepLifecycle(new DeploymentPurpose.FailBack(args(), "too late")).start(jenkins);

        assertEquals(1, jenkins.endings.size());
        assertTrue(jenkins.endings.get(0).startsWith("failure StepFailure: deployment shop-web-42 was already promoted"));
    }

    // --- fixtures ----------------------------------------------------------------------------------

    /** An unattended canary started by {@code jenkins}, baking its first step. */
    StepLifecycle bakingCanary(FakePipeline jenkins) {
        return bakingCanary(jenkins, new ArrayList<>());
    }

    /** @param queued the tasks {@code jenkins}' pool holds (run here), if it holds them */
    StepLifecycle bakingCanary(FakePipeline jenkins, List<Runnable> queued) {
        build.file("canary.yaml", UNATTENDED);
        StepLifecycle step = new StepLifecycle(deploy("canary.yaml", SpecPurpose.Kind.DEPLOY_UNATTENDED));
        world.ecs.runningFrom(GREEN, world.clock.instant());
        step.start(jenkins);
        runQueued(queued);
        world.scheduler.runUntil(world.clock.instant().plus(Duration.ofMinutes(6)));
        assertEquals(Phase.BAKING, world.store.load(ID).orElseThrow().phase());
        return step;
    }

    /** What the build kept of {@code step} when the controller stopped; its JVM's session ends. */
    static byte[] restart(StepLifecycle step) throws Exception {
        byte[] saved = serialize(step);
        step.session().close();
        return saved;
    }


    SpecPurpose deploy(String specPath, SpecPurpose.Kind kind) {
        return new SpecPurpose("canaryDeploy", kind, source(specPath, null));
    }

    SpecPurpose stacks(String specPath, @CheckForNull String deploymentId) {
        return new SpecPurpose("canaryStacks", SpecPurpose.Kind.STACKS, source(specPath, deploymentId));
    }

    static SpecPurpose.Source source(@CheckForNull String specPath, @CheckForNull String deploymentId) {
        return new SpecPurpose.Source(specPath, deploymentId, new SpecOverrides(null, null, false), null, null, null,
                null);
    }

    static DeploymentArgs args() {
        return new DeploymentArgs(ID, "shop-ecs-canary-state", null, null, null);
    }

    String log() {
        return build.log();
    }

    static <T> T last(List<T> list) {
        return list.get(list.size() - 1);
    }

    static void runQueued(List<Runnable> queued) {
        while (!queued.isEmpty()) {
            queued.remove(0).run();
        }
    }

    static byte[] serialize(StepLifecycle step) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(step);
        }
        return bytes.toByteArray();
    }

    static StepLifecycle deserialize(byte[] saved) throws Exception {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(saved))) {
            return (StepLifecycle) in.readObject();
        }
    }

    /** Jenkins as the lifecycle sees it: every call recorded. */
    final class FakePipeline implements StepLifecycle.Pipeline {
        final Executor pool;
        final List<String> endings = new ArrayList<>();
        final List<String> stopping = new ArrayList<>();
        final Map<String, DeploymentDriver> drivers = new HashMap<>();
        boolean terminating;
        int saves;
        int closed;

        FakePipeline(Executor pool) {
            this.pool = pool;
        }

        @Override
        public StepInputs inputs() {
            return build.inputs();
        }

        @Override
        public Session open(CanaryTarget target, String leaseOwner, @CheckForNull Duration lease, Approvals approvals,
                            BuildLog log) {
            EnginePorts p = world.ports();
            CanaryEngine engine = new CanaryEngine(new EnginePorts(p.store(), p.router(), p.stacks(), p.readiness(),
                    p.gates(), approvals, log, p.clock(), p.setupCheck(), p.traffic()), EngineSettings.DEFAULTS,
                    leaseOwner);
            return new Session(target, engine, world.driver(engine), log, () -> closed++);
        }

        @Override
        public Approvals approvals(Approvals ofPurpose) {
            return ofPurpose;
        }

        @Override
        public Executor pool() {
            return pool;
        }

        @Override
        public DrivenStep.Drivers drivers() {
            return new DrivenStep.Drivers() {
                @Override
                public void register(String deploymentId, DeploymentDriver driver) {
                    drivers.put(deploymentId, driver);
                }

                @Override
                public void unregister(String deploymentId, DeploymentDriver driver) {
                    drivers.remove(deploymentId, driver);
                }
            };
        }

        @Override
        public boolean terminating() {
            return terminating;
        }

        @Override
        public void saveState() {
            saves++;
        }

        @Override
        public void stopping(Throwable cause) {
            stopping.add("stopping " + cause.getMessage());
        }

        @Override
        public Throwable abortFailure(@CheckForNull Throwable cause, @CheckForNull String by) {
            return cause != null ? cause : new IllegalStateException("aborted before the restart by "
                    + (by == null ? "nobody" : by));
        }

        @Override
        public void end(StepLifecycle.Ending ending, @CheckForNull BuildLog log) {
            if (ending instanceof StepLifecycle.Ending.Success success) {
                endings.add("success " + success.value());
            } else {
                Throwable error = ((StepLifecycle.Ending.Failure) ending).error();
                endings.add("failure " + error.getClass().getSimpleName() + ": " + error.getMessage());
            }
        }
    }
}
