package dev.ecscanary.jenkins;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ecscanary.spec.Weights;
import dev.ecscanary.state.DeploymentRecord;
import dev.ecscanary.state.Phase;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.FilePath;
import hudson.Launcher;
import hudson.model.ChoiceParameterDefinition;
import hudson.model.ParameterValue;
import hudson.model.ParametersAction;
import hudson.model.ParametersDefinitionProperty;
import hudson.model.Run;
import hudson.model.StringParameterValue;
import hudson.model.TaskListener;
import hudson.scm.NullSCM;
import hudson.scm.SCMRevisionState;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jenkinsci.plugins.workflow.cps.CpsScmFlowDefinition;
import org.jenkinsci.plugins.workflow.cps.CpsScript;
import org.jenkinsci.plugins.workflow.cps.GlobalVariable;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.jenkinsci.plugins.workflow.support.steps.input.InputAction;
import org.jenkinsci.plugins.workflow.support.steps.input.InputStepExecution;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.TestExtension;
import org.jvnet.hudson.test.junit.jupiter.BuildWatcherExtension;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * Jenkinsfile.example, as written, from "SCM": both forms run a canary against moto to PROMOTED, a
 * person approving each input, and no executor is held while an input waits.
 */
@WithJenkins
class JenkinsfileExampleTest {

    static final Path EXAMPLE = Path.of("..", "Jenkinsfile.example").toAbsolutePath().normalize();

    @RegisterExtension
    static final MotoCanary world = new MotoCanary();

    @RegisterExtension
    static final BuildWatcherExtension BUILD_WATCHER = new BuildWatcherExtension();

    @Test
    void theOneStepFormRunsAsWritten(JenkinsRule j) throws Exception {
        WorkflowJob p = exampleJob(j);

        WorkflowRun b = p.scheduleBuild2(0).waitForStart();
        approveEveryInput(j, b);

        j.assertBuildStatusSuccess(j.waitForCompletion(b));
        j.assertLogContains("Shift to blue 0 / green 100?", b);
        assertPromoted("shop-1");
    }

    @Test
    void theStagedFormRunsAsWritten(JenkinsRule j) throws Exception {
        WorkflowJob p = exampleJob(j);
        p.addProperty(new ParametersDefinitionProperty(
                new ChoiceParameterDefinition("CANARY_FORM", new String[] {"one-step", "staged"}, "")));

        WorkflowRun b = p.scheduleBuild2(0, new ParametersAction(
                List.<ParameterValue>of(new StringParameterValue("CANARY_FORM", "staged")))).waitForStart();
        approveEveryInput(j, b);

        j.assertBuildStatusSuccess(j.waitForCompletion(b));
        j.assertLogContains("Shift shop-1 to 100% green?", b);
        j.assertLogContains("targetHealth: PASS", b);
        assertPromoted("shop-1");
    }

    private WorkflowJob exampleJob(JenkinsRule j) throws IOException {
        Map<String, String> files = new TreeMap<>();
        files.put("Jenkinsfile", Files.readString(EXAMPLE));
        files.put("canary.yaml", MotoCanary.spec("shop-from-the-spec", "1s", "1s", false));
        files.put("cfn/setup.yaml", Files.readString(MotoCanary.CFN.resolve("setup.yaml")));
        files.put("cfn/service.yaml", Files.readString(MotoCanary.CFN.resolve("service.yaml")));
        WorkflowJob p = j.createProject(WorkflowJob.class, "shop");
        p.setDefinition(new CpsScmFlowDefinition(new FilesScm(files), "Jenkinsfile"));
        return p;
    }

    /** A person answers Shift to every input the build asks, until it ends; none holds an executor. */
    private static void approveEveryInput(JenkinsRule j, WorkflowRun b) throws Exception {
        while (true) {
            List<InputStepExecution> waiting = await("an input, or the end of the build")
                    .atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(200))
                    .until(() -> waitingInputs(b), inputs -> !inputs.isEmpty() || !b.isBuilding());
            if (waiting.isEmpty()) {
                return;
            }
            assertEquals(0, j.jenkins.toComputer().countBusy(), "an input waits without an executor");
            waiting.get(0).doProceedEmpty();
        }
    }

    private static List<InputStepExecution> waitingInputs(WorkflowRun b) throws Exception {
        InputAction inputs = b.getAction(InputAction.class);
        return inputs == null ? List.of() : inputs.getExecutions();
    }

    private void assertPromoted(String deploymentId) {
        DeploymentRecord record = world.record(deploymentId).orElseThrow();
        assertEquals(Phase.PROMOTED, record.phase());
        assertEquals("latest", record.spec().stacks().get(1).parameters().get("ImageTag"),
                "the image tag falls back as the example says when SCM gives no commit");
        assertEquals(Weights.ALL_GREEN, world.weights());
    }

    /**
     * {@code scm} in the script: the job's SCM, as workflow-multibranch's SCMVar gives it wherever
     * {@code checkout scm} is used (that plugin is not among the artifacts these tests build with).
     */
    @TestExtension
    public static final class ScmVariable extends GlobalVariable {
        @NonNull
        @Override
        public String getName() {
            return "scm";
        }

        @NonNull
        @Override
        public Object getValue(@NonNull CpsScript script) throws Exception {
            WorkflowRun run = (WorkflowRun) script.$build();
            return ((CpsScmFlowDefinition) run.getParent().getDefinition()).getScm();
        }
    }

    /** Checks out a fixed set of files, as a repository holding the example and its spec would. */
    static final class FilesScm extends NullSCM {
        private final Map<String, String> files;

        FilesScm(Map<String, String> files) {
            this.files = new TreeMap<>(files);
        }

        @Override
        public void checkout(Run<?, ?> build, Launcher launcher, FilePath workspace, TaskListener listener,
                             File changelogFile, SCMRevisionState baseline) throws IOException, InterruptedException {
            for (Map.Entry<String, String> file : files.entrySet()) {
                FilePath target = workspace.child(file.getKey());
                FilePath parent = target.getParent();
                if (parent != null) {
                    parent.mkdirs();
                }
                target.write(file.getValue(), "UTF-8");
            }
            if (changelogFile != null) {
                createEmptyChangeLog(changelogFile, listener, "log");
            }
        }
    }
}
