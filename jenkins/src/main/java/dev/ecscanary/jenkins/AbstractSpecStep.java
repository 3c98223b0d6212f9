package dev.ecscanary.jenkins;

import dev.ecscanary.spec.Durations;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.EnvVars;
import hudson.FilePath;
import hudson.Util;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.util.FormValidation;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * The arguments of the steps that start a deployment from a spec file in the workspace
 * ({@code canaryDeploy}, {@code canaryStacks}).
 */
public abstract class AbstractSpecStep extends AbstractAwsStep {

    static final Duration MIN_LEASE = Duration.ofSeconds(2);

    private final String spec;
    private String deployment;
    private TreeMap<String, String> stackParameters;
    private String leaseDuration;

    protected AbstractSpecStep(String spec) {
        this.spec = Util.fixEmptyAndTrim(spec);
    }

    /** The spec file, relative to the workspace. */
    public String getSpec() {
        return spec;
    }

    @CheckForNull
    public String getDeployment() {
        return deployment;
    }

    /** Replaces the spec's deployment id (e.g. one per build or commit). */
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
        if (stackParameters == null || stackParameters.isEmpty()) {
            this.stackParameters = null;
            return;
        }
        // Pipeline scripts pass GStrings: keep plain Strings, in a stable order.
        TreeMap<String, String> copy = new TreeMap<>();
        for (Map.Entry<?, ?> entry : ((Map<?, ?>) stackParameters).entrySet()) {
            copy.put(String.valueOf(entry.getKey()), entry.getValue() == null ? null : entry.getValue().toString());
        }
        this.stackParameters = copy;
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

    /** @throws IllegalArgumentException naming the argument, when an argument cannot be used */
    void check() {
        if (spec == null) {
            throw new IllegalArgumentException("spec: give the spec file, relative to the workspace, e.g. canary.yaml");
        }
        lease();
    }

    @CheckForNull
    Duration lease() {
        if (leaseDuration == null) {
            return null;
        }
        Duration lease;
        try {
            lease = Durations.parse(leaseDuration);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("leaseDuration: " + e.getMessage());
        }
        if (lease.compareTo(MIN_LEASE) < 0) {
            throw new IllegalArgumentException("leaseDuration must be at least 2s, was " + leaseDuration);
        }
        return lease;
    }

    SpecOverrides overrides(boolean approvalBetweenSteps) {
        return new SpecOverrides(deployment, stackParameters, approvalBetweenSteps);
    }

    /** What the descriptors of the spec steps share: context, credentials list, form checks. */
    public abstract static class SpecStepDescriptor extends AwsStepDescriptor {

        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return Set.of(Run.class, TaskListener.class, FilePath.class, EnvVars.class);
        }

        @POST
        public FormValidation doCheckSpec(@QueryParameter String value) {
            return Util.fixEmptyAndTrim(value) == null
                    ? FormValidation.error("Give the spec file, relative to the workspace, e.g. canary.yaml")
                    : FormValidation.ok();
        }

        @POST
        public FormValidation doCheckLeaseDuration(@QueryParameter String value) {
            if (Util.fixEmptyAndTrim(value) == null) {
                return FormValidation.ok();
            }
            try {
                Duration lease = Durations.parse(value);
                return lease.compareTo(MIN_LEASE) < 0 ? FormValidation.error("At least 2s") : FormValidation.ok();
            } catch (IllegalArgumentException e) {
                return FormValidation.error(e.getMessage());
            }
        }
    }
}
