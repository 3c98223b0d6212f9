package dev.ecscanary.jenkins;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundConstructor;

/**
 * {@code canaryDeploy(spec: 'canary.yaml')} without a body: the same canary with no approvals (a spec
 * step that asks for one is refused before anything starts). Pipeline scripts write
 * {@code canaryDeploy}; {@link CanaryDeployVariable} calls this step when no body is given.
 */
public final class CanaryDeployUnattendedStep extends CanaryDeployStep {

    static final String FUNCTION = "canaryDeployUnattended";

    @DataBoundConstructor
    public CanaryDeployUnattendedStep() {
    }

    @Override
    boolean withApprovalBody() {
        return false;
    }

    @Override
    String pipelineName() {
        return CanaryDeployStep.FUNCTION;
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
            return Messages.CanaryDeployUnattendedStep_DisplayName();
        }

        /** Listed with the advanced steps: Pipeline scripts call it as canaryDeploy without a body. */
        @Override
        public boolean isAdvanced() {
            return true;
        }
    }
}
