package dev.ecscanary.jenkins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ecscanary.spec.Weights;
import dev.ecscanary.state.DeploymentRecord;
import dev.ecscanary.state.HistoryEvent;
import dev.ecscanary.state.Phase;
import dev.ecscanary.state.FailBack;
import hudson.FilePath;
import hudson.model.Result;
import hudson.model.User;
import hudson.security.ACL;
import hudson.security.ACLContext;
import jenkins.model.Jenkins;
import java.time.Duration;
import org.htmlunit.Page;
import org.htmlunit.html.HtmlPage;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.jenkinsci.plugins.workflow.support.steps.input.InputAction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.MockAuthorizationStrategy;
import org.jvnet.hudson.test.junit.jupiter.BuildWatcherExtension;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * {@code canaryDeploy} against moto, through the real AWS adapters and the real SDK clients: the
 * spec's stacks, green's tasks, both Route53 records, the gates, the state table.
 */
@WithJenkins
class CanaryDeployStepTest {

    @RegisterExtension
    static final MotoCanary world = new MotoCanary();

    @RegisterExtension
    static final BuildWatcherExtension BUILD_WATCHER = new BuildWatcherExtension();

    @Test
    void aFullCanaryIsPromotedStepByStep(JenkinsRule j) throws Exception {
        WorkflowJob p = j.createProject(WorkflowJob.class, "p");
        world.writeWorkspace(j.jenkins.getWorkspaceFor(p), "web-1", "1s", "2s", false);
        p.setDefinition(new CpsFlowDefinition("""
                node {
                    withEnv(['AWS_ACCESS_KEY_ID=testing', 'AWS_SECRET_ACCESS_KEY=testing']) {
                        def phase = canaryDeploy(spec: 'canary.yaml', region: 'us-east-1', endpointUrl: '%s')
                        echo "canaryDeploy returned ${phase}"
                    }
                }
                """.formatted(world.endpoint()), true));

        WorkflowRun b = j.buildAndAssertSuccess(p);

        j.assertLogContains("canaryDeploy returned PROMOTED", b);
        j.assertLogContains("ecs-canary-events/", b);
        j.assertLogContains("web-1 shifting traffic: weights set to blue 50 / green 50", b);
        j.assertLogContains("gate targetHealth: PASS", b);
        j.assertLogContains("gate alarms: PASS", b);
        assertEquals(Weights.ALL_GREEN, world.weights());
        DeploymentRecord record = world.record("web-1").orElseThrow();
        assertEquals(Phase.PROMOTED, record.phase());
        assertTrue(record.history().stream().noneMatch(e -> e.is(HistoryEvent.TookOver.class)),
                "one driver from start to end");

        CanaryRunAction action = b.getAction(CanaryRunAction.class);
        assertNotNull(action, "the build has a Canary page");
        assertEquals("canary", action.getUrlName());
        JenkinsRule.WebClient web = j.createWebClient();
        HtmlPage page = web.getPage(b, "canary/");
        assertTrue(page.asXml().contains("ecs-canary-report"), "the report is embedded");
        Page css = web.goTo(b.getUrl() + "canary/style.css", "text/css");
        assertTrue(css.getWebResponse().getContentAsString().contains(".ecs-canary-report"));
        HtmlPage build = web.getPage(b);
        assertTrue(build.asNormalizedText().contains("Canary web-1"), "the summary is on the build page");
    }

    @Test
    void preparedInsideNodeTheCanaryRunsOutsideItAndHoldsNoExecutorThroughItsApproval(JenkinsRule j)
            throws Exception {
        WorkflowJob p = j.createProject(WorkflowJob.class, "p");
        world.writeWorkspace(j.jenkins.getWorkspaceFor(p), "web-11", "1s", "1s", false);
        p.setDefinition(new CpsFlowDefinition("""
                def canary
                node {
                    String service = 'shop-green'
                    canary = canaryPrepare(spec: 'canary.yaml', endpointUrl: '%s',
                                           stackParameters: ["${service}.ImageTag": "${6 + 1}"])
                }
                echo "prepared ${canary}"
                def outcome = canaryDeploy(canary) {
                    input id: 'Shift', message: "Shift to ${env.CANARY_NEXT_WEIGHT}?"
                }
                echo "canaryDeploy returned ${outcome}"
                """.formatted(world.endpoint()), true));

        WorkflowRun b = p.scheduleBuild2(0).waitForStart();
        j.waitForMessage("Shift to blue 0 / green 100?", b);
        assertEquals(0, j.jenkins.toComputer().countBusy(), "no executor is held while the approval waits");
        b.getAction(InputAction.class).getExecution("Shift").doProceedEmpty();

        j.assertBuildStatusSuccess(j.waitForCompletion(b));
        j.assertLogContains("prepared web-11", b);
        j.assertLogContains("canaryDeploy returned PROMOTED", b);
        DeploymentRecord record = world.record("web-11").orElseThrow();
        assertEquals(Phase.PROMOTED, record.phase());
        assertEquals("7", record.spec().stacks().get(1).parameters().get("ImageTag"));
        assertNotNull(b.getAction(CanaryRunAction.class), "the Canary page is there from the preparation on");
    }

    @Test
    void aDeploymentThatWasNotPreparedIsRefusedWithWhatToDo(JenkinsRule j) throws Exception {
        WorkflowJob p = j.createProject(WorkflowJob.class, "p");
        p.setDefinition(new CpsFlowDefinition("canaryDeploy('web-12')", true));

        WorkflowRun b = j.buildAndAssertStatus(Result.FAILURE, p);

        j.assertLogContains("no deployment web-12 was prepared in this build: call canaryPrepare(spec: 'canary.yaml') "
                + "inside node first", b);
        j.assertLogNotContains("\tat ", b);
    }

    @Test
    void aSpecOutsideNodeSaysHowToRunWithoutAWorkspace(JenkinsRule j) throws Exception {
        WorkflowJob p = j.createProject(WorkflowJob.class, "p");
        p.setDefinition(new CpsFlowDefinition("canaryDeploy(spec: 'canary.yaml')", true));

        WorkflowRun b = j.buildAndAssertStatus(Result.FAILURE, p);

        j.assertLogContains("canaryDeploy reads canary.yaml from the workspace: call it inside node { }, or "
                + "call canaryPrepare(spec: 'canary.yaml') inside node", b);
    }

    @Test
    void theBodyApprovesEachIncrementAfterTheFirst(JenkinsRule j) throws Exception {
        WorkflowJob p = j.createProject(WorkflowJob.class, "p");
        world.writeWorkspace(j.jenkins.getWorkspaceFor(p), "web-2", "1s", "1s", false);
        p.setDefinition(new CpsFlowDefinition("""
                node {
                    canaryDeploy(spec: 'canary.yaml', endpointUrl: '%s') {
                        echo "approving ${env.CANARY_DEPLOYMENT} ${env.CANARY_NEXT_STEP}/${env.CANARY_STEP_COUNT}: ${env.CANARY_NEXT_WEIGHT} (${env.CANARY_NEXT_PERCENT}%%)"
                    }
                }
                """.formatted(world.endpoint()), true));

        WorkflowRun b = j.buildAndAssertSuccess(p);

        j.assertLogContains("approving web-2 2/2: blue 0 / green 100 (100%)", b);
        DeploymentRecord record = world.record("web-2").orElseThrow();
        assertEquals(Phase.PROMOTED, record.phase());
        assertTrue(record.history().stream().anyMatch(e -> e.is(HistoryEvent.Approved.class)
                && e.step() == 1 && "pipeline".equals(e.by())), "step 2 approved by the body, as pipeline");
        assertTrue(record.steps().get(1).needsApproval(), "with a body, steps 2..n need approval");
    }

    @Test
    void anInputAbortedInTheBodyFailsBack(JenkinsRule j) throws Exception {
        WorkflowJob p = j.createProject(WorkflowJob.class, "p");
        world.writeWorkspace(j.jenkins.getWorkspaceFor(p), "web-3", "1s", "1s", false);
        p.setDefinition(new CpsFlowDefinition("""
                node {
                    canaryDeploy(spec: 'canary.yaml', endpointUrl: '%s') {
                        input id: 'Shift', message: "Shift to ${env.CANARY_NEXT_WEIGHT}?"
                    }
                }
                """.formatted(world.endpoint()), true));

        WorkflowRun b = p.scheduleBuild2(0).waitForStart();
        j.waitForMessage("Shift to blue 0 / green 100?", b);
        InputAction input = b.getAction(InputAction.class);
        input.getExecution("Shift").doAbort();

        j.assertBuildStatus(Result.FAILURE, j.waitForCompletion(b));
        j.assertLogContains("canary web-3 rolled back: step 2 rejected", b);
        assertEquals(Weights.ALL_BLUE, world.weights());
        assertEquals(Phase.ROLLED_BACK, world.record("web-3").orElseThrow().phase());
    }

    @Test
    void anInputApprovedInTheBodyPromotes(JenkinsRule j) throws Exception {
        WorkflowJob p = j.createProject(WorkflowJob.class, "p");
        world.writeWorkspace(j.jenkins.getWorkspaceFor(p), "web-4", "1s", "1s", false);
        p.setDefinition(new CpsFlowDefinition("""
                node {
                    canaryDeploy(spec: 'canary.yaml', endpointUrl: '%s') {
                        stage("Approve ${env.CANARY_NEXT_PERCENT}%%") {
                            input id: 'Shift', message: "Shift to ${env.CANARY_NEXT_WEIGHT}?"
                        }
                    }
                }
                """.formatted(world.endpoint()), true));

        WorkflowRun b = p.scheduleBuild2(0).waitForStart();
        j.waitForMessage("Shift to blue 0 / green 100?", b);
        assertEquals(Phase.AWAITING_APPROVAL, world.record("web-4").orElseThrow().phase());
        b.getAction(InputAction.class).getExecution("Shift").doProceedEmpty();

        j.assertBuildStatusSuccess(j.waitForCompletion(b));
        assertEquals(Weights.ALL_GREEN, world.weights());
    }

    @Test
    void anInputRejectedByAPersonFailsBackInThatPersonsName(JenkinsRule j) throws Exception {
        j.jenkins.setSecurityRealm(j.createDummySecurityRealm());
        j.jenkins.setAuthorizationStrategy(new MockAuthorizationStrategy().grant(Jenkins.ADMINISTER).everywhere()
                .to("alice"));
        WorkflowJob p = j.createProject(WorkflowJob.class, "p");
        world.writeWorkspace(j.jenkins.getWorkspaceFor(p), "web-9", "1s", "1s", false);
        p.setDefinition(new CpsFlowDefinition("""
                node {
                    canaryDeploy(spec: 'canary.yaml', endpointUrl: '%s') {
                        input id: 'Shift', message: "Shift to ${env.CANARY_NEXT_WEIGHT}?"
                    }
                }
                """.formatted(world.endpoint()), true));

        WorkflowRun b = p.scheduleBuild2(0).waitForStart();
        j.waitForMessage("Shift to blue 0 / green 100?", b);
        try (ACLContext alice = ACL.as2(User.getById("alice", true).impersonate2())) {
            b.getAction(InputAction.class).getExecution("Shift").doAbort();
        }

        j.assertBuildStatus(Result.FAILURE, j.waitForCompletion(b));
        j.assertLogContains("canary web-9 rolled back: step 2 rejected by alice", b);
        DeploymentRecord record = world.record("web-9").orElseThrow();
        assertEquals(Phase.ROLLED_BACK, record.phase());
        assertEquals(FailBack.Trigger.REJECTED, record.failBack().trigger());
        assertTrue(record.history().stream().anyMatch(e -> e.phase() == Phase.FAILING_BACK && e.step() == 1
                && "alice".equals(e.by())), "the rejection is recorded as alice's");
        assertEquals(Weights.ALL_BLUE, world.weights());
    }

    @Test
    void anApprovalNotGivenInTimeFailsBackAndEndsTheWaitingInput(JenkinsRule j) throws Exception {
        WorkflowJob p = j.createProject(WorkflowJob.class, "p");
        FilePath workspace = j.jenkins.getWorkspaceFor(p);
        world.writeWorkspace(workspace, "web-10", "1s", "1s", false);
        FilePath spec = workspace.child("canary.yaml");
        spec.write(spec.readToString().replace("  failBack: 1m\n", "  failBack: 1m\n  approval: 3s\n"), "UTF-8");
        p.setDefinition(new CpsFlowDefinition("""
                node {
                    canaryDeploy(spec: 'canary.yaml', endpointUrl: '%s') {
                        input id: 'Shift', message: "Shift to ${env.CANARY_NEXT_WEIGHT}?"
                    }
                }
                """.formatted(world.endpoint()), true));

        WorkflowRun b = j.buildAndAssertStatus(Result.FAILURE, p);

        j.assertLogContains("Shift to blue 0 / green 100?", b);
        j.assertLogContains("canary web-10 ended; its approval is no longer needed", b);
        DeploymentRecord record = world.record("web-10").orElseThrow();
        assertEquals(Phase.ROLLED_BACK, record.phase());
        assertEquals(FailBack.Trigger.TIMEOUT, record.failBack().trigger());
        assertTrue(record.failBack().reason().contains("no decision on step 2 within 3s"), record.failBack().reason());
        assertEquals(Weights.ALL_BLUE, world.weights());
        assertTrue(b.getAction(InputAction.class).getExecutions().isEmpty(), "no input is left waiting");
    }

    @Test
    void aBodyThatFailsRejectsTheStep(JenkinsRule j) throws Exception {
        WorkflowJob p = j.createProject(WorkflowJob.class, "p");
        world.writeWorkspace(j.jenkins.getWorkspaceFor(p), "web-5", "1s", "1s", false);
        p.setDefinition(new CpsFlowDefinition("""
                node {
                    canaryDeploy(spec: 'canary.yaml', endpointUrl: '%s') {
                        error 'not today'
                    }
                }
                """.formatted(world.endpoint()), true));

        WorkflowRun b = j.buildAndAssertStatus(Result.FAILURE, p);

        j.assertLogContains("rolled back: step 2 rejected by pipeline", b);
        assertEquals(Weights.ALL_BLUE, world.weights());
    }

    @Test
    void withoutABodyAStepThatAsksForApprovalIsRefusedUpFront(JenkinsRule j) throws Exception {
        WorkflowJob p = j.createProject(WorkflowJob.class, "p");
        world.writeWorkspace(j.jenkins.getWorkspaceFor(p), "web-6", "1s", "1s", true);
        p.setDefinition(new CpsFlowDefinition("""
                node {
                    canaryDeploy(spec: 'canary.yaml', endpointUrl: '%s')
                }
                """.formatted(world.endpoint()), true));

        WorkflowRun b = j.buildAndAssertStatus(Result.FAILURE, p);

        j.assertLogContains("step 2 needs approval: give canaryDeploy a body with an input step", b);
        assertTrue(world.record("web-6").isEmpty(), "nothing was recorded");
    }

    @Test
    void abortingTheBuildFailsBack(JenkinsRule j) throws Exception {
        WorkflowJob p = j.createProject(WorkflowJob.class, "p");
        world.writeWorkspace(j.jenkins.getWorkspaceFor(p), "web-7", "1s", "10m", false);
        p.setDefinition(new CpsFlowDefinition("""
                node {
                    canaryDeploy(spec: 'canary.yaml', endpointUrl: '%s')
                }
                """.formatted(world.endpoint()), true));

        WorkflowRun b = p.scheduleBuild2(0).waitForStart();
        world.awaitRecord("web-7", r -> r.phase() == Phase.BAKING, Duration.ofMinutes(2));
        assertEquals(new Weights(50, 50), world.weights());
        b.doStop();

        j.assertBuildStatus(Result.ABORTED, j.waitForCompletion(b));
        DeploymentRecord record = world.record("web-7").orElseThrow();
        assertEquals(Phase.ROLLED_BACK, record.phase());
        assertNotNull(record.abort(), "the abort is recorded");
        assertEquals(Weights.ALL_BLUE, world.weights());
        j.assertLogContains("failing back to blue before the step ends", b);
    }

    @Test
    void anInvalidSpecIsReportedWithItsLines(JenkinsRule j) throws Exception {
        WorkflowJob p = j.createProject(WorkflowJob.class, "p");
        j.jenkins.getWorkspaceFor(p).child("canary.yaml").write("""
                deployment: web-8
                stateTable: t
                steps:
                  - percent: 150
                """, "UTF-8");
        p.setDefinition(new CpsFlowDefinition("node { canaryDeploy(spec: 'canary.yaml') }", true));

        WorkflowRun b = j.buildAndAssertStatus(Result.FAILURE, p);

        j.assertLogContains("canary.yaml is invalid", b);
        j.assertLogContains("canary.yaml:2: stateTable", b);
    }
}
