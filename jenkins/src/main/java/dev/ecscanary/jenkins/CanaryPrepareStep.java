package dev.ecscanary.jenkins;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.EnvVars;
import hudson.Extension;
import hudson.FilePath;
import hudson.model.Run;
import hudson.model.TaskListener;
import java.util.Set;
import org.jenkinsci.Symbol;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.DataBoundConstructor;

/**
 * {@code def id = canaryPrepare(spec: 'canary.yaml')} inside {@code node}: reads the spec and its stack
 * templates from the workspace, checks them, and keeps them with the build (templates copied to the
 * controller); returns the deployment id. Nothing in AWS is touched. {@code canaryDeploy(id)} (or
 * {@code canaryStacks(deployment: id)}) then runs outside {@code node}, holding no executor through
 * stacks, bakes and approvals.
 */
public final class CanaryPrepareStep extends AbstractSpecStep {

    static final String FUNCTION = "canaryPrepare";

    @DataBoundConstructor
    public CanaryPrepareStep(String spec) {
        spec(spec);
    }

    @Override
    void checkArguments() {
        StepArguments.spec(getSpec());
    }

    @Override
    public StepExecution start(StepContext context) throws Exception {
        check();
        // Reads on the shared pool (the workspace may be on an agent), never on the CPS VM thread.
        return new PoolExecution(context, new PreparedDeployment.Prepare(source(false, null)));
    }

    @Extension
    @Symbol(FUNCTION)
    public static final class DescriptorImpl extends SpecStepDescriptor {

        @Override
        public String getFunctionName() {
            return FUNCTION;
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return Messages.CanaryPrepareStep_DisplayName();
        }

        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return Set.of(Run.class, TaskListener.class, FilePath.class, EnvVars.class);
        }
    }
}
