package dev.ecscanary.jenkins;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import org.jenkinsci.Symbol;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.DataBoundConstructor;

/**
 * {@code def s = canaryStatus(deployment: id)}: the deployment as a plain Map (phase, step, stepCount,
 * weights and percentages, leaseOwner, failBackReason, gates, history), safe to read in the sandbox.
 */
public final class CanaryStatusStep extends AbstractDeploymentStep {

    static final String FUNCTION = "canaryStatus";

    @DataBoundConstructor
    public CanaryStatusStep(String deployment) {
        super(deployment);
    }

    @Override
    public StepExecution start(StepContext context) throws Exception {
        check();
        return new PoolExecution(context, new DeploymentRead.Status(args()));
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
            return Messages.CanaryStatusStep_DisplayName();
        }
    }
}
