package dev.ecscanary.jenkins;

import java.util.Map;
import org.jenkinsci.plugins.workflow.cps.SnippetizerTester;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/** Every step's Snippet Generator round trip: step → Groovy → the same step. */
@WithJenkins
class SnippetizerTest {

    @Test
    void canaryDeploy(JenkinsRule j) throws Exception {
        SnippetizerTester snippets = new SnippetizerTester(j);
        snippets.assertRoundTrip(fromSpec(new CanaryDeployStep(), "canary.yaml"),
                "canaryDeploy(spec: 'canary.yaml') {\n    // some block\n}");
        CanaryDeployStep prepared = new CanaryDeployStep();
        prepared.setDeployment("shop-42");
        snippets.assertRoundTrip(prepared, "canaryDeploy(deployment: 'shop-42') {\n    // some block\n}");
        CanaryDeployStep full = fromSpec(new CanaryDeployStep(), "deploy/canary.yaml");
        full.setDeployment("shop-42");
        full.setStackParameters(Map.of("shop-green.ImageTag", "42"));
        full.setCredentialsId("aws-deploy");
        full.setRegion("eu-west-1");
        full.setEndpointUrl("http://127.0.0.1:5000");
        full.setLeaseDuration("2m");
        snippets.assertRoundTrip(full, "canaryDeploy(credentialsId: 'aws-deploy', deployment: 'shop-42', "
                + "endpointUrl: 'http://127.0.0.1:5000', leaseDuration: '2m', region: 'eu-west-1', "
                + "spec: 'deploy/canary.yaml', stackParameters: ['shop-green.ImageTag': '42']) {\n    // some block\n}");
    }

    @Test
    void canaryPrepare(JenkinsRule j) throws Exception {
        SnippetizerTester snippets = new SnippetizerTester(j);
        snippets.assertRoundTrip(new CanaryPrepareStep("canary.yaml"), "canaryPrepare 'canary.yaml'");
        CanaryPrepareStep step = new CanaryPrepareStep("canary.yaml");
        step.setDeployment("shop-42");
        step.setStackParameters(Map.of("shop-green.ImageTag", "42"));
        snippets.assertRoundTrip(step, "canaryPrepare deployment: 'shop-42', spec: 'canary.yaml', "
                + "stackParameters: ['shop-green.ImageTag': '42']");
    }

    @Test
    void canaryStacks(JenkinsRule j) throws Exception {
        SnippetizerTester snippets = new SnippetizerTester(j);
        snippets.assertRoundTrip(fromSpec(new CanaryStacksStep(), "canary.yaml"), "canaryStacks spec: 'canary.yaml'");
        CanaryStacksStep step = fromSpec(new CanaryStacksStep(), "canary.yaml");
        step.setDeployment("shop-42");
        snippets.assertRoundTrip(step, "canaryStacks deployment: 'shop-42', spec: 'canary.yaml'");
    }

    private static <S extends AbstractDrivingSpecStep> S fromSpec(S step, String spec) {
        step.setSpec(spec);
        return step;
    }

    @Test
    void canaryAwaitGreen(JenkinsRule j) throws Exception {
        SnippetizerTester snippets = new SnippetizerTester(j);
        snippets.assertRoundTrip(new CanaryAwaitGreenStep("shop-42"), "canaryAwaitGreen 'shop-42'");
        CanaryAwaitGreenStep step = new CanaryAwaitGreenStep("shop-42");
        step.setStateTable("shop-ecs-canary-state");
        step.setRegion("eu-west-1");
        snippets.assertRoundTrip(step,
                "canaryAwaitGreen deployment: 'shop-42', region: 'eu-west-1', stateTable: 'shop-ecs-canary-state'");
        SnippetizerTester.assertDocGeneration(CanaryAwaitGreenStep.class);
    }

    @Test
    void canaryShift(JenkinsRule j) throws Exception {
        SnippetizerTester snippets = new SnippetizerTester(j);
        snippets.assertRoundTrip(new CanaryShiftStep("shop-42", 50), "canaryShift deployment: 'shop-42', percent: 50.0");
        snippets.assertRoundTrip(new CanaryShiftStep("shop-42", 12.5),
                "canaryShift deployment: 'shop-42', percent: 12.5");
        snippets.assertParseStep(new CanaryShiftStep("shop-42", 50), "canaryShift deployment: 'shop-42', percent: 50");
        SnippetizerTester.assertDocGeneration(CanaryShiftStep.class);
    }

    @Test
    void canaryGates(JenkinsRule j) throws Exception {
        new SnippetizerTester(j).assertRoundTrip(new CanaryGatesStep("shop-42"), "canaryGates 'shop-42'");
        SnippetizerTester.assertDocGeneration(CanaryGatesStep.class);
    }

    @Test
    void canaryFailBack(JenkinsRule j) throws Exception {
        SnippetizerTester snippets = new SnippetizerTester(j);
        snippets.assertRoundTrip(new CanaryFailBackStep("shop-42"), "canaryFailBack 'shop-42'");
        CanaryFailBackStep step = new CanaryFailBackStep("shop-42");
        step.setReason("rejected at 50%");
        snippets.assertRoundTrip(step, "canaryFailBack deployment: 'shop-42', reason: 'rejected at 50%'");
        SnippetizerTester.assertDocGeneration(CanaryFailBackStep.class);
    }

    @Test
    void canaryStatus(JenkinsRule j) throws Exception {
        new SnippetizerTester(j).assertRoundTrip(new CanaryStatusStep("shop-42"), "canaryStatus 'shop-42'");
        SnippetizerTester.assertDocGeneration(CanaryStatusStep.class);
    }
}
