package dev.ecscanary.jenkins;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.Util;
import hudson.util.FormValidation;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * The arguments of the steps that take a deployment from a spec file in the workspace
 * ({@code canaryPrepare}, {@code canaryDeploy}, {@code canaryStacks}): the spec, the deployment id
 * replacing the spec's, and stack parameters merged into the spec's.
 */
public abstract class AbstractSpecStep extends AbstractAwsStep {

    private String spec;
    private String deployment;
    private TreeMap<String, String> stackParameters;

    /** The spec file, relative to the workspace; null when the spec was prepared earlier in the build. */
    @CheckForNull
    public String getSpec() {
        return spec;
    }

    final void spec(String spec) {
        this.spec = Util.fixEmptyAndTrim(spec);
    }

    @CheckForNull
    public String getDeployment() {
        return deployment;
    }

    /** The deployment's id: replaces the spec's, or names the deployment canaryPrepare prepared. */
    @DataBoundSetter
    public void setDeployment(String deployment) {
        this.deployment = Util.fixEmptyAndTrim(deployment);
    }

    @CheckForNull
    public Map<String, String> getStackParameters() {
        return stackParameters;
    }

    /** {@code "stackName.Parameter": value}, merged into those stacks' parameters (e.g. an image tag). */
    @DataBoundSetter
    public void setStackParameters(Map<String, String> stackParameters) {
        this.stackParameters = StepArguments.stackParameters(stackParameters);
    }

    /** The arguments as the step's execution keeps them (serializable; the Step itself is not kept). */
    SpecPurpose.Source source(boolean approvalBetweenSteps, @CheckForNull Duration lease) {
        return new SpecPurpose.Source(spec, deployment, new SpecOverrides(deployment, stackParameters,
                approvalBetweenSteps), getCredentialsId(), getRegion(), getEndpointUrl(), lease);
    }

    /** What the descriptors of the spec steps share: form checks. */
    public abstract static class SpecStepDescriptor extends AwsStepDescriptor {

        @POST
        public FormValidation doCheckSpec(@QueryParameter String value) {
            return check(() -> StepArguments.spec(value));
        }
    }
}
