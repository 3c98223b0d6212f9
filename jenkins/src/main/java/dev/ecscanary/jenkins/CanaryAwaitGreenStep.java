package dev.ecscanary.jenkins;

import dev.ecscanary.port.Approvals;
import dev.ecscanary.state.DeploymentRecord;
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
        return new Execution(context, args());
    }

    static final class Execution extends DeploymentExecution {
        private static final long serialVersionUID = 1L;

        Execution(StepContext context, DeploymentArgs args) {
            super(context, args, null, Milestone.GREEN_RUNNING);
        }

        @Override
        Approvals approvals() {
            return Approvals.NONE;
        }

        @Override
        Object result(DeploymentRecord record) {
            return record.phase().name();
        }
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
