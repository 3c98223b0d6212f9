package dev.ecscanary.jenkins;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.util.FormValidation;
import org.jenkinsci.Symbol;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * {@code canaryShift(deployment: id, percent: 25)}: drives the deployment until the spec's step with
 * that green percentage has shifted, waited out Route53 and the DNS TTL, and baked with its gates
 * passing. Calling it is the approval of that step and of any earlier step not yet passed (in the name
 * of "pipeline"): put an {@code input} before it. A gate failure fails back and fails the step.
 */
public final class CanaryShiftStep extends AbstractDeploymentStep {

    static final String FUNCTION = "canaryShift";

    private final double percent;

    @DataBoundConstructor
    public CanaryShiftStep(String deployment, double percent) {
        super(deployment);
        this.percent = percent;
    }

    public double getPercent() {
        return percent;
    }

    @Override
    void checkArguments() {
        super.checkArguments();
        StepArguments.percent(percent);
    }

    @Override
    public StepExecution start(StepContext context) throws Exception {
        check();
        return new CanaryExecution(context, new DeploymentPurpose.Shift(args(), percent));
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
            return Messages.CanaryShiftStep_DisplayName();
        }

        @POST
        public FormValidation doCheckPercent(@QueryParameter String value) {
            return check(() -> StepArguments.percent(value));
        }
    }
}
