package dev.ecscanary.jenkins;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ecscanary.state.Phase;
import hudson.model.Result;
import java.time.Duration;
import org.htmlunit.html.HtmlPage;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The Canary page of a build as a person sees it: while the canary runs, once it ended, and without the table. */
@WithJenkins
class CanaryPageTest {

    @RegisterExtension
    static final MotoCanary world = new MotoCanary();

    @Test
    void showsTheCanaryWhileItBakesThenHowItEndedEvenWhenTheTableIsGone(JenkinsRule j) throws Exception {
        WorkflowJob p = j.createProject(WorkflowJob.class, "p");
        world.writeWorkspace(j.jenkins.getWorkspaceFor(p), "page-1", "1s", "10m", false);
        p.setDefinition(new CpsFlowDefinition("""
                node {
                    canaryDeploy(spec: 'canary.yaml', endpointUrl: '%s')
                }
                """.formatted(world.endpoint()), true));
        WorkflowRun b = p.scheduleBuild2(0).waitForStart();
        world.awaitRecord("page-1", r -> r.phase() == Phase.BAKING, Duration.ofMinutes(2));
        JenkinsRule.WebClient web = j.createWebClient();

        String running = pageText(web, b);
        assertTrue(running.contains("IN PROGRESS"), running);
        assertTrue(running.contains("blue 50 / green 50"), running);
        String summary = web.getPage(b).asNormalizedText();
        assertTrue(summary.contains("Canary page-1: in progress"), summary);

        b.doStop();
        j.assertBuildStatus(Result.ABORTED, j.waitForCompletion(b));

        String ended = pageText(web, b);
        assertTrue(ended.contains("ROLLED_BACK"), "the step's last record is shown at once: " + ended);
        assertTrue(ended.contains("was aborted"), "the reason is shown: " + ended);

        try (DynamoDbClient dynamoDb = world.client(DynamoDbClient.builder())) {
            dynamoDb.deleteTable(t -> t.tableName(MotoCanary.TABLE));
        }
        String withoutTable = pageText(web, b);
        assertTrue(withoutTable.contains("ROLLED_BACK"), "the record saved with the build: " + withoutTable);
    }

    @Test
    void aPageViewNeverWaitsForAnUnreachableTable(JenkinsRule j) throws Exception {
        WorkflowJob p = j.createProject(WorkflowJob.class, "p");
        p.setDefinition(new CpsFlowDefinition("echo 'no canary here'", true));
        WorkflowRun b = j.buildAndAssertSuccess(p);
        // A deployment the build knows of, in a table behind an endpoint that never answers.
        try (java.net.ServerSocket silent = new java.net.ServerSocket(0)) {
            CanaryRunAction.attach(b, new CanaryTarget("page-2", MotoCanary.TABLE, "us-east-1",
                    "http://127.0.0.1:" + silent.getLocalPort(), null));
            JenkinsRule.WebClient web = j.createWebClient();

            HtmlPage page = web.getPage(b, "canary/");

            // Had the page waited for the table, it would say the read failed: that takes the whole
            // read timeout. It answers at once with what it has, and the read goes on behind it.
            assertEquals(200, page.getWebResponse().getStatusCode());
            assertTrue(page.asNormalizedText().contains("No record of this deployment can be shown"),
                    page.asNormalizedText());
            assertFalse(page.asNormalizedText().contains("cannot be read just now"), page.asNormalizedText());
            await("the failed read to be said on the page").atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> web.getPage(b, "canary/").asNormalizedText(),
                            text -> text.contains("cannot be read just now"));
        }
    }


    private static String pageText(JenkinsRule.WebClient web, WorkflowRun b) throws Exception {
        HtmlPage page = web.getPage(b, "canary/");
        assertEquals(200, page.getWebResponse().getStatusCode());
        assertNotNull(page.querySelector(".ecs-canary-report"), "the report is on the page");
        return page.asNormalizedText();
    }
}
