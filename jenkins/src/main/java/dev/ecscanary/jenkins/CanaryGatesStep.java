package dev.ecscanary.jenkins;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import org.jenkinsci.Symbol;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.DataBoundConstructor;

/**
 * {@code def gates = canaryGates(deployment: id)}: evaluates every gate of the deployment's spec once,
 * now, against the traffic split it has, and returns a List of Maps (name, type, verdict, evidence);
 * the deployment is not changed. A gate that cannot be asked is INCONCLUSIVE, as during a bake.
 */
public final class CanaryGatesStep extends AbstractDeploymentStep {

    static final String FUNCTION = "canaryGates";

    @DataBoundConstructor
    public CanaryGatesStep(String deployment) {
        super(deployment);
    }

    @Override
    public StepExecution start(StepContext context) throws Exception {
        check();
        return new PoolExecution(context, new DeploymentRead.Gates(args()));
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
            return Messages.CanaryGatesStep_DisplayName();
        }
    }
}
