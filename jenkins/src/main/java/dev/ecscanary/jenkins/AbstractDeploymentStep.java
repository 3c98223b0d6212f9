package dev.ecscanary.jenkins;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.AbortException;
import hudson.EnvVars;
import hudson.Util;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.util.FormValidation;
import java.io.Serializable;
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
    Args args() {
        return new Args(deployment, stateTable, getCredentialsId(), getRegion(), getEndpointUrl());
    }

    /** A deployment step's arguments, kept by its execution. */
    static final class Args implements Serializable {
        private static final long serialVersionUID = 1L;

        final String deployment;
        final String stateTable;
        final String credentialsId;
        final String region;
        final String endpointUrl;

        Args(String deployment, String stateTable, String credentialsId, String region, String endpointUrl) {
            this.deployment = deployment;
            this.stateTable = stateTable;
            this.credentialsId = credentialsId;
            this.region = region;
            this.endpointUrl = endpointUrl;
        }

        /**
         * Where the deployment lives: these arguments, else what this build knows of it (the step that
         * started it), else the global configuration and the environment.
         */
        CanaryTarget resolve(Run<?, ?> run, @CheckForNull EnvVars env) throws AbortException {
            CanaryRunAction action = CanaryRunAction.find(run, deployment);
            CanaryTarget known = action == null ? null : action.target();
            CanaryConfiguration config = CanaryConfiguration.get();
            String table = first(stateTable, known == null ? null : known.stateTable(), config.getStateTable());
            if (table == null) {
                throw new AbortException("no state table for deployment " + deployment + ": give stateTable, start the "
                        + "deployment in this build (canaryStacks), or set one in Manage Jenkins > System > ECS Canary");
            }
            String regionToUse = AwsAccess.region(region, known == null ? null : known.region(), get(env, "AWS_REGION"),
                    get(env, "AWS_DEFAULT_REGION"), config.getRegion());
            String endpoint = AwsAccess.endpointUrl(endpointUrl, known == null ? null : known.endpointUrl(),
                    get(env, "AWS_ENDPOINT_URL"));
            String credentials = first(credentialsId, known == null ? null : known.credentialsId());
            return new CanaryTarget(deployment, table, regionToUse, endpoint, credentials);
        }

        private static String get(@CheckForNull EnvVars env, String name) {
            return env == null ? null : env.get(name);
        }

        @CheckForNull
        private static String first(String... values) {
            for (String value : values) {
                if (value != null && !value.isBlank()) {
                    return value.trim();
                }
            }
            return null;
        }
    }

    /** What the descriptors of the deployment steps share. */
    public abstract static class DeploymentStepDescriptor extends AwsStepDescriptor {

        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return Set.of(Run.class, TaskListener.class, EnvVars.class);
        }

        @POST
        public FormValidation doCheckDeployment(@QueryParameter String value) {
            return Util.fixEmptyAndTrim(value) == null
                    ? FormValidation.error("Give the deployment id (what canaryStacks returned)")
                    : FormValidation.ok();
        }
    }
}
