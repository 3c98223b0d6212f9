package dev.ecscanary.jenkins;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.EnvVars;
import hudson.Util;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.util.FormValidation;
import java.util.Set;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * The arguments of the finer steps that act on a deployment by id. Where the deployment lives comes
 * from the step's arguments, else from this build (the step that started it), else from the global
 * configuration and the environment.
 */
public abstract class AbstractDeploymentStep extends AbstractAwsStep {

    private final String deployment;
    private String stateTable;

    protected AbstractDeploymentStep(String deployment) {
        this.deployment = Util.fixEmptyAndTrim(deployment);
    }

    public String getDeployment() {
        return deployment;
    }

    @CheckForNull
    public String getStateTable() {
        return stateTable;
    }

    @DataBoundSetter
    public void setStateTable(String stateTable) {
        this.stateTable = Util.fixEmptyAndTrim(stateTable);
    }

    @Override
    void checkArguments() {
        StepArguments.deployment(deployment);
    }

    /** The arguments as the execution keeps them (serializable; the Step itself is not kept). */
    DeploymentArgs args() {
        return new DeploymentArgs(deployment, stateTable, getCredentialsId(), getRegion(), getEndpointUrl());
    }

    /** What the descriptors of the deployment steps share. */
    public abstract static class DeploymentStepDescriptor extends AwsStepDescriptor {

        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return Set.of(Run.class, TaskListener.class, EnvVars.class);
        }

        @POST
        public FormValidation doCheckDeployment(@QueryParameter String value) {
            return check(() -> StepArguments.deployment(value));
        }
    }
}
