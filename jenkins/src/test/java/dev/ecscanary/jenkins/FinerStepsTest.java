package dev.ecscanary.jenkins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ecscanary.spec.Weights;
import dev.ecscanary.state.DeploymentRecord;
import dev.ecscanary.state.HistoryEvent;
import dev.ecscanary.state.Phase;
import hudson.model.Result;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.BuildWatcherExtension;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/** The staged form: canaryStacks, canaryAwaitGreen, canaryShift, canaryGates, canaryStatus, canaryFailBack. */
@WithJenkins
class FinerStepsTest {

    @RegisterExtension
    static final MotoCanary world = new MotoCanary();

    @RegisterExtension
    static final BuildWatcherExtension BUILD_WATCHER = new BuildWatcherExtension();

    @Test
    void eachIncrementInAStageOfItsOwn(JenkinsRule j) throws Exception {
        WorkflowJob p = j.createProject(WorkflowJob.class, "p");
        world.writeWorkspace(j.jenkins.getWorkspaceFor(p), "staged-1", "1s", "1s", false);
        p.setDefinition(new CpsFlowDefinition("""
                String id
                node {
                    id = canaryStacks(spec: 'canary.yaml', endpointUrl: '%1$s',
                                      stackParameters: ['shop-green.ImageTag': '2'])
                }
                echo "stacks -> ${canaryStatus(deployment: id).phase}"
                stage('Green') {
                    echo "green -> ${canaryAwaitGreen(deployment: id)}"
                }
                def increments = canaryStatus(deployment: id).steps
                echo "increments ${increments.collect { it.percent }}"
                stage('50%%') {
                    canaryShift deployment: id, percent: increments[0].percent
                    def status = canaryStatus(deployment: id)
                    echo "after 50: ${status.phase} at step ${status.step}/${status.stepCount}, ${status.weights}"
                    for (def gate in canaryGates(deployment: id)) {
                        echo "gate ${gate.name}: ${gate.verdict}"
                    }
                }
                stage('100%%') {
                    echo "final -> ${canaryShift(deployment: id, percent: 100)}"
                }
                """.formatted(world.endpoint()), true));

        WorkflowRun b = j.buildAndAssertSuccess(p);

        j.assertLogContains("stacks -> AWAITING_GREEN", b);
        j.assertLogContains("green -> GREEN_RUNNING", b);
        j.assertLogContains("increments [50, 100]", b);
        j.assertLogContains("after 50: AWAITING_APPROVAL at step 2/2, blue 50 / green 50 (50% green)", b);
        j.assertLogContains("gate targetHealth: PASS", b);
        j.assertLogContains("gate alarms: PASS", b);
        j.assertLogContains("final -> PROMOTED", b);
        DeploymentRecord record = world.record("staged-1").orElseThrow();
        assertEquals(Phase.PROMOTED, record.phase());
        assertEquals("2", record.spec().stacks().get(1).parameters().get("ImageTag"));
        assertTrue(record.history().stream().anyMatch(e -> e.is(HistoryEvent.Approved.class) && e.step() == 1
                && "pipeline".equals(e.by())), "canaryShift approved step 2 as pipeline");
        assertEquals(Weights.ALL_GREEN, world.weights());
    }

    @Test
    void aShareThatIsNoStepIsRefusedWithTheSteps(JenkinsRule j) throws Exception {
        WorkflowJob p = j.createProject(WorkflowJob.class, "p");
        world.writeWorkspace(j.jenkins.getWorkspaceFor(p), "staged-2", "1s", "1s", false);
        p.setDefinition(new CpsFlowDefinition("""
                String id
                node { id = canaryStacks(spec: 'canary.yaml', endpointUrl: '%s') }
                canaryShift deployment: id, percent: 30
                """.formatted(world.endpoint()), true));

        WorkflowRun b = j.buildAndAssertStatus(Result.FAILURE, p);

        j.assertLogContains("no step of deployment staged-2 shifts to 30% green; its steps are 50%, 100%", b);
    }

    @Test
    void anArgumentThatCannotBeUsedIsOneLineNamingTheStepNotAStackTrace(JenkinsRule j) throws Exception {
        WorkflowJob p = j.createProject(WorkflowJob.class, "p");
        p.setDefinition(new CpsFlowDefinition("canaryShift deployment: 'staged-4', percent: 150", true));

        WorkflowRun b = j.buildAndAssertStatus(Result.FAILURE, p);

        j.assertLogContains("ERROR: canaryShift: percent must be the green share of one of the spec's steps, above 0 "
                + "and at most 100; was 150", b);
        j.assertLogNotContains("\tat ", b);
    }

    @Test
    void failBackPutsBlueBackAfterARejectedIncrement(JenkinsRule j) throws Exception {
        WorkflowJob p = j.createProject(WorkflowJob.class, "p");
        world.writeWorkspace(j.jenkins.getWorkspaceFor(p), "staged-3", "1s", "1s", false);
        p.setDefinition(new CpsFlowDefinition("""
                String id
                node { id = canaryStacks(spec: 'canary.yaml', endpointUrl: '%s') }
                canaryShift deployment: id, percent: 50
                echo "fail-back -> ${canaryFailBack(deployment: id, reason: 'rejected at 100%%')}"
                """.formatted(world.endpoint()), true));

        WorkflowRun b = j.buildAndAssertSuccess(p);

        j.assertLogContains("fail-back -> ROLLED_BACK", b);
        DeploymentRecord record = world.record("staged-3").orElseThrow();
        assertEquals(Phase.ROLLED_BACK, record.phase());
        assertTrue(record.failBack().reason().contains("rejected at 100%"));
        assertEquals(Weights.ALL_BLUE, world.weights());
    }
}
