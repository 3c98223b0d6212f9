package dev.ecscanary.jenkins;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.AbortException;
import hudson.Util;
import hudson.model.Item;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * What every ecs-canary step takes to reach AWS: an AWS credential (else the build's environment,
 * else the controller's default chain), a region and an endpoint override, each optional.
 */
public abstract class AbstractAwsStep extends Step {

    private String credentialsId;
    private String region;
    private String endpointUrl;

    @CheckForNull
    public String getCredentialsId() {
        return credentialsId;
    }

    @DataBoundSetter
    public void setCredentialsId(String credentialsId) {
        this.credentialsId = Util.fixEmptyAndTrim(credentialsId);
    }

    @CheckForNull
    public String getRegion() {
        return region;
    }

    @DataBoundSetter
    public void setRegion(String region) {
        this.region = Util.fixEmptyAndTrim(region);
    }

    @CheckForNull
    public String getEndpointUrl() {
        return endpointUrl;
    }

    @DataBoundSetter
    public void setEndpointUrl(String endpointUrl) {
        this.endpointUrl = Util.fixEmptyAndTrim(endpointUrl);
    }

    /** The step's arguments are usable. @throws IllegalArgumentException naming the argument */
    void checkArguments() {
    }

    /** {@link #checkArguments}, a refusal as one clear line in the build's log (no stack trace). */
    final void check() throws AbortException {
        try {
            checkArguments();
        } catch (IllegalArgumentException e) {
            throw new AbortException(pipelineName() + ": " + e.getMessage());
        }
    }

    /** The name a Pipeline script calls this step by. */
    String pipelineName() {
        return getDescriptor().getFunctionName();
    }

    /** A form field checked as the step checks its argument when it starts: the same message. */
    static FormValidation check(Runnable argumentCheck) {
        try {
            argumentCheck.run();
            return FormValidation.ok();
        } catch (IllegalArgumentException e) {
            return FormValidation.error(e.getMessage());
        }
    }

    /** What the descriptors of every step share: the AWS credentials to pick from, region and endpoint checks. */
    public abstract static class AwsStepDescriptor extends StepDescriptor {

        @POST
        public FormValidation doCheckRegion(@QueryParameter String value) {
            return check(() -> AwsLocation.region(value));
        }

        @POST
        public FormValidation doCheckEndpointUrl(@QueryParameter String value) {
            return check(() -> AwsLocation.endpointUrl(value));
        }

        @POST
        public ListBoxModel doFillCredentialsIdItems(@AncestorInPath Item item, @QueryParameter String credentialsId) {
            return CredentialsListing.aws(item, credentialsId);
        }
    }
}
