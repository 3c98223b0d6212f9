package dev.ecscanary.jenkins;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import org.jenkinsci.Symbol;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.DataBoundConstructor;

/**
 * {@code canaryAwaitGreen(deployment: id)}: drives the deployment until green's tasks run (relayed ECS
 * events wake it at once; ECS is polled as a fallback). Returns the phase.
 */
public final class CanaryAwaitGreenStep extends AbstractDeploymentStep {

    static final String FUNCTION = "canaryAwaitGreen";

    @DataBoundConstructor
    public CanaryAwaitGreenStep(String deployment) {
        super(deployment);
    }

    @Override
    public StepExecution start(StepContext context) throws Exception {
        check();
        return new CanaryExecution(context, new DeploymentPurpose.AwaitGreen(args()));
    }

    @Extension
    @Symbol(FUNCTION)
    public static final class DescriptorImpl extends DeploymentStepDescriptor {

        @Override
        public String getFunctionName() {
            return FUNCTION;
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return Messages.CanaryAwaitGreenStep_DisplayName();
        }
    }
}
