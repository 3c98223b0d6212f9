package dev.ecscanary.jenkins;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.ecscanary.spec.Weights;
import dev.ecscanary.state.DeploymentRecord;
import dev.ecscanary.state.HistoryEvent;
import dev.ecscanary.state.Phase;
import java.time.Duration;
import java.util.Objects;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.jenkinsci.plugins.workflow.support.steps.input.InputAction;
import org.jenkinsci.plugins.workflow.support.steps.input.InputStepExecution;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.BuildWatcherExtension;
import org.jvnet.hudson.test.junit.jupiter.JenkinsSessionExtension;

/**
 * A controller restart in the middle of a wait: the step held no thread, kept only facts, and
 * carries on from the state table in the next session, as the same lease owner (no take-over).
 */
class CanaryRestartTest {

    @RegisterExtension
    static final MotoCanary world = new MotoCanary();

    @RegisterExtension
    static final BuildWatcherExtension BUILD_WATCHER = new BuildWatcherExtension();

    @RegisterExtension
    private final JenkinsSessionExtension sessions = new JenkinsSessionExtension();

    @Test
    void aRestartDuringTheTtlWaitResumesAndFinishes() throws Throwable {
        sessions.then(j -> {
            WorkflowJob p = j.createProject(WorkflowJob.class, "p");
            world.writeWorkspace(j.jenkins.getWorkspaceFor(p), "restart-1", "20s", "1s", false);
            p.setDefinition(new CpsFlowDefinition("""
                    node {
                        canaryDeploy(spec: 'canary.yaml', endpointUrl: '%s')
                    }
                    """.formatted(world.endpoint()), true));
            WorkflowRun b = p.scheduleBuild2(0).waitForStart();
            DeploymentRecord settling = world.awaitRecord("restart-1", r -> r.phase() == Phase.SETTLING,
                    Duration.ofMinutes(2));
            assertEquals(new Weights(50, 50), settling.weights());
            j.waitForMessage("waiting for the DNS TTL", b);
            // Jenkins stops here, 20 s into nothing: the step waits on a Timer task, not a thread.
        });
        sessions.then(j -> {
            WorkflowJob p = j.jenkins.getItemByFullName("p", WorkflowJob.class);
            WorkflowRun b = p.getBuildByNumber(1);
            j.assertBuildStatusSuccess(j.waitForCompletion(b));
            j.assertLogContains("resumed after a restart of Jenkins", b);
            DeploymentRecord record = world.record("restart-1").orElseThrow();
            assertEquals(Phase.PROMOTED, record.phase());
            assertEquals(Weights.ALL_GREEN, world.weights());
            assertFalse(record.history().stream().anyMatch(e -> e.is(HistoryEvent.TookOver.class)),
                    "the build kept its lease owner across the restart");
        });
    }

    @Test
    void aRestartDuringABakeCarriesOnAndPromotes() throws Throwable {
        sessions.then(j -> {
            WorkflowJob p = j.createProject(WorkflowJob.class, "p");
            world.writeWorkspace(j.jenkins.getWorkspaceFor(p), "restart-2", "1s", "20s", false);
            p.setDefinition(new CpsFlowDefinition("""
                    node {
                        canaryDeploy(spec: 'canary.yaml', endpointUrl: '%s')
                    }
                    """.formatted(world.endpoint()), true));
            WorkflowRun b = p.scheduleBuild2(0).waitForStart();
            world.awaitRecord("restart-2", r -> r.phase() == Phase.BAKING, Duration.ofMinutes(2));
            j.waitForMessage("gate alarms: PASS", b);
        });
        sessions.then(j -> {
            WorkflowRun b = j.jenkins.getItemByFullName("p", WorkflowJob.class).getBuildByNumber(1);
            j.assertBuildStatusSuccess(j.waitForCompletion(b));
            j.assertLogContains("resumed after a restart of Jenkins", b);
            assertNothingFailed(j, b);
            assertEquals(Phase.PROMOTED, world.record("restart-2").orElseThrow().phase());
            assertEquals(Weights.ALL_GREEN, world.weights());
        });
    }

    @Test
    void aRestartWhileAnApprovalWaitsCarriesOnOnceApproved() throws Throwable {
        sessions.then(j -> {
            WorkflowJob p = j.createProject(WorkflowJob.class, "p");
            world.writeWorkspace(j.jenkins.getWorkspaceFor(p), "restart-3", "1s", "1s", false);
            p.setDefinition(new CpsFlowDefinition("""
                    node {
                        canaryDeploy(spec: 'canary.yaml', endpointUrl: '%s') {
                            input id: 'Shift', message: "Shift to ${env.CANARY_NEXT_WEIGHT}?"
                        }
                    }
                    """.formatted(world.endpoint()), true));
            WorkflowRun b = p.scheduleBuild2(0).waitForStart();
            j.waitForMessage("Shift to blue 0 / green 100?", b);
            assertEquals(Phase.AWAITING_APPROVAL, world.record("restart-3").orElseThrow().phase());
        });
        sessions.then(j -> {
            WorkflowRun b = j.jenkins.getItemByFullName("p", WorkflowJob.class).getBuildByNumber(1);
            InputAction input = b.getAction(InputAction.class);
            InputStepExecution shift = await("the resumed build to ask again").atMost(Duration.ofMinutes(1))
                    .until(() -> input.getExecution("Shift"), Objects::nonNull);
            assertEquals(Phase.AWAITING_APPROVAL, world.record("restart-3").orElseThrow().phase(),
                    "the restart changed nothing");
            shift.doProceedEmpty();
            j.assertBuildStatusSuccess(j.waitForCompletion(b));
            assertNothingFailed(j, b);
            DeploymentRecord record = world.record("restart-3").orElseThrow();
            assertEquals(Phase.PROMOTED, record.phase());
            assertFalse(record.history().stream().anyMatch(e -> e.is(HistoryEvent.TookOver.class)));
            assertEquals(Weights.ALL_GREEN, world.weights());
        });
    }

    private static void assertNothingFailed(JenkinsRule j, WorkflowRun b) throws Exception {
        j.assertLogNotContains("failed", b);
        j.assertLogNotContains("Failed", b);
        j.assertLogNotContains("RejectedExecutionException", b);
    }
}
