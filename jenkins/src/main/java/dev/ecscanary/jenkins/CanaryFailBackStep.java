package dev.ecscanary.jenkins;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.Util;
import org.jenkinsci.Symbol;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * {@code canaryFailBack(deployment: id, reason: 'rejected at 50%')}: asks whoever drives the
 * deployment to put blue back to 100 % (in the name of the build's user, or "pipeline") and waits
 * until Route53 serves it. Returns ROLLED_BACK; fails if the fail-back cannot be confirmed, and
 * refuses a deployment that was already promoted.
 */
public final class CanaryFailBackStep extends AbstractDeploymentStep {

    static final String FUNCTION = "canaryFailBack";

    private String reason;

    @DataBoundConstructor
    public CanaryFailBackStep(String deployment) {
        super(deployment);
    }

    @CheckForNull
    public String getReason() {
        return reason;
    }

    @DataBoundSetter
    public void setReason(String reason) {
        this.reason = Util.fixEmptyAndTrim(reason);
    }

    @Override
    public StepExecution start(StepContext context) throws Exception {
        check();
        return new CanaryExecution(context, new DeploymentPurpose.FailBack(args(), reason));
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
            return Messages.CanaryFailBackStep_DisplayName();
        }
    }
}
