package dev.ecscanary.jenkins;

import com.cloudbees.jenkins.plugins.awscredentials.AmazonWebServicesCredentials;
import com.cloudbees.plugins.credentials.common.StandardListBoxModel;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.ExtensionList;
import hudson.security.ACL;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import java.util.List;
import jenkins.model.GlobalConfiguration;
import jenkins.model.Jenkins;
import org.jenkinsci.Symbol;
import org.jenkinsci.plugins.plaincredentials.StringCredentials;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * Controller-wide settings (Manage Jenkins → System → ECS Canary): how the ECS event endpoint
 * authenticates EventBridge and where it records events, and the defaults of the finer steps.
 */
@Extension
@Symbol("ecsCanary")
public class CanaryConfiguration extends GlobalConfiguration {

    private String eventSecretCredentialsId;
    private String stateTable;
    private String region;
    private String endpointUrl;
    private String credentialsId;

    public CanaryConfiguration() {
        load();
    }

    @NonNull
    public static CanaryConfiguration get() {
        return ExtensionList.lookupSingleton(CanaryConfiguration.class);
    }

    /** A secret-text credential: the value EventBridge sends in the {@code X-Ecs-Canary-Secret} header. */
    @CheckForNull
    public String getEventSecretCredentialsId() {
        return eventSecretCredentialsId;
    }

    @DataBoundSetter
    public void setEventSecretCredentialsId(String eventSecretCredentialsId) {
        this.eventSecretCredentialsId = AwsLocation.blankToNull(eventSecretCredentialsId);
        save();
    }

    /** The state table events are recorded in (setup stack output StateTableName); the steps' default too. */
    @CheckForNull
    public String getStateTable() {
        return stateTable;
    }

    @DataBoundSetter
    public void setStateTable(String stateTable) {
        this.stateTable = AwsLocation.blankToNull(stateTable);
        save();
    }

    @CheckForNull
    public String getRegion() {
        return region;
    }

    @DataBoundSetter
    public void setRegion(String region) {
        this.region = AwsLocation.blankToNull(region);
        save();
    }

    /** An endpoint override for the endpoint's DynamoDB calls (a local emulator); empty for AWS. */
    @CheckForNull
    public String getEndpointUrl() {
        return endpointUrl;
    }

    @DataBoundSetter
    public void setEndpointUrl(String endpointUrl) {
        this.endpointUrl = AwsLocation.blankToNull(endpointUrl);
        save();
    }

    /** The AWS credential the event endpoint writes to DynamoDB with; empty for the controller's own identity. */
    @CheckForNull
    public String getCredentialsId() {
        return credentialsId;
    }

    @DataBoundSetter
    public void setCredentialsId(String credentialsId) {
        this.credentialsId = AwsLocation.blankToNull(credentialsId);
        save();
    }

    /** The URL to give cfn/relay.yaml as EndpointUrl, or null while Jenkins' own URL is not configured. */
    @CheckForNull
    public String getEventEndpointUrl() {
        return EcsEventsEndpoint.absoluteUrl();
    }

    @POST
    public ListBoxModel doFillEventSecretCredentialsIdItems(@QueryParameter String eventSecretCredentialsId) {
        if (!Jenkins.get().hasPermission(Jenkins.ADMINISTER)) {
            return new StandardListBoxModel().includeCurrentValue(eventSecretCredentialsId);
        }
        return new StandardListBoxModel().includeEmptyValue()
                .includeAs(ACL.SYSTEM2, Jenkins.get(), StringCredentials.class, List.of())
                .includeCurrentValue(eventSecretCredentialsId);
    }

    @POST
    public ListBoxModel doFillCredentialsIdItems(@QueryParameter String credentialsId) {
        if (!Jenkins.get().hasPermission(Jenkins.ADMINISTER)) {
            return new StandardListBoxModel().includeCurrentValue(credentialsId);
        }
        return new StandardListBoxModel().includeEmptyValue()
                .includeAs(ACL.SYSTEM2, Jenkins.get(), AmazonWebServicesCredentials.class, List.of())
                .includeCurrentValue(credentialsId);
    }

    @POST
    public FormValidation doCheckRegion(@QueryParameter String value) {
        Jenkins.get().checkPermission(Jenkins.ADMINISTER);
        return AbstractAwsStep.check(() -> AwsLocation.region(value));
    }

    @POST
    public FormValidation doCheckEndpointUrl(@QueryParameter String value) {
        Jenkins.get().checkPermission(Jenkins.ADMINISTER);
        return AbstractAwsStep.check(() -> AwsLocation.endpointUrl(value));
    }

    @POST
    public FormValidation doCheckEventSecretCredentialsId(@QueryParameter String value) {
        Jenkins.get().checkPermission(Jenkins.ADMINISTER);
        return AwsLocation.blankToNull(value) == null
                ? FormValidation.warning("Without a secret the ECS event endpoint refuses every event; steps then "
                        + "poll ECS for green's tasks instead")
                : FormValidation.ok();
    }
}
