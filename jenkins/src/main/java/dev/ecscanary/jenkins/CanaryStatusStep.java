package dev.ecscanary.jenkins;

import dev.ecscanary.aws.AwsClients;
import dev.ecscanary.state.DeploymentRecord;
import dev.ecscanary.view.DeploymentView;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import java.time.Instant;
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
        return new Execution(context, args());
    }

    static final class Execution extends ReadExecution {
        private static final long serialVersionUID = 1L;

        Execution(StepContext context, DeploymentArgs args) {
            super(context, args);
        }

        @Override
        Object read(AwsClients clients, DeploymentRecord record) {
            return RecordMaps.status(DeploymentView.of(record, Instant.now()));
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
            return Messages.CanaryStatusStep_DisplayName();
        }
    }
}
