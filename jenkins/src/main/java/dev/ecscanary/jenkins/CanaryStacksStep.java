package dev.ecscanary.jenkins;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import org.jenkinsci.Symbol;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.DataBoundConstructor;

/**
 * {@code def id = canaryStacks(spec: 'canary.yaml')} inside {@code node}, or
 * {@code canaryStacks(deployment: id)} anywhere after {@code canaryPrepare}: records the deployment and
 * applies its stacks, then returns its id for the finer steps. Every step after the first then waits for approval, which
 * {@code canaryShift} gives: traffic never moves further than the Pipeline has asked for.
 */
public final class CanaryStacksStep extends AbstractDrivingSpecStep {

    static final String FUNCTION = "canaryStacks";

    @DataBoundConstructor
    public CanaryStacksStep() {
    }

    @Override
    public StepExecution start(StepContext context) throws Exception {
        check();
        return new CanaryExecution(context, new SpecPurpose(FUNCTION, SpecPurpose.Kind.STACKS, source(true, lease())));
    }

    @Extension
    @Symbol(FUNCTION)
    public static final class DescriptorImpl extends DrivingStepDescriptor {

        @Override
        public String getFunctionName() {
            return FUNCTION;
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return Messages.CanaryStacksStep_DisplayName();
        }
    }
}
