package dev.ecscanary.jenkins;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.EnvVars;
import hudson.Util;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.util.FormValidation;
import java.time.Duration;
import java.util.Set;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * The steps that start a deployment and drive it ({@code canaryDeploy}, {@code canaryStacks}): from a
 * spec file, inside {@code node}, or from the spec {@code canaryPrepare} read earlier in the build, by
 * its deployment id, anywhere: then they hold no executor while they wait.
 */
public abstract class AbstractDrivingSpecStep extends AbstractSpecStep {

    private String leaseDuration;

    /** The spec file, relative to the workspace (inside node); or give the prepared deployment's id. */
    @DataBoundSetter
    public void setSpec(String spec) {
        spec(spec);
    }

    @CheckForNull
    public String getLeaseDuration() {
        return leaseDuration;
    }

    /** How long this build's claim on the deployment lasts without renewal, e.g. {@code 2m}. */
    @DataBoundSetter
    public void setLeaseDuration(String leaseDuration) {
        this.leaseDuration = Util.fixEmptyAndTrim(leaseDuration);
    }

    @Override
    void checkArguments() {
        StepArguments.specOrDeployment(getSpec(), getDeployment());
        lease();
    }

    @CheckForNull
    Duration lease() {
        return StepArguments.leaseDuration(leaseDuration);
    }

    /** What the descriptors of the driving spec steps share: no workspace needed (a prepared spec). */
    public abstract static class DrivingStepDescriptor extends SpecStepDescriptor {

        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return Set.of(Run.class, TaskListener.class, EnvVars.class);
        }

        @Override
        @POST
        public FormValidation doCheckSpec(@QueryParameter String value) {
            return FormValidation.ok();
        }

        @POST
        public FormValidation doCheckLeaseDuration(@QueryParameter String value) {
            return check(() -> StepArguments.leaseDuration(value));
        }
    }
}
