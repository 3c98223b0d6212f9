package dev.ecscanary.jenkins;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import java.io.Serializable;
import java.util.function.UnaryOperator;

/**
 * The arguments of a finer step that acts on a deployment by id, as its execution keeps them, and
 * where they say the deployment lives. Free of Jenkins types.
 */
final class DeploymentArgs implements Serializable {

    private static final long serialVersionUID = 1L;

    final String deployment;
    final String stateTable;
    final String credentialsId;
    final String region;
    final String endpointUrl;

    DeploymentArgs(String deployment, @CheckForNull String stateTable, @CheckForNull String credentialsId,
                   @CheckForNull String region, @CheckForNull String endpointUrl) {
        this.deployment = deployment;
        this.stateTable = stateTable;
        this.credentialsId = credentialsId;
        this.region = region;
        this.endpointUrl = endpointUrl;
    }

    /** The controller's own settings (Manage Jenkins > System > ECS Canary). */
    record Defaults(@CheckForNull String stateTable, @CheckForNull String region) {
    }

    /**
     * Where the deployment lives: these arguments, else what this build knows of it (the step that
     * started it), else the controller's defaults and the step's environment.
     *
     * @param env the step's environment variables (null for none)
     * @throws IllegalArgumentException when no state table is known, or a region or endpoint is unusable
     */
    CanaryTarget resolve(@CheckForNull CanaryTarget known, Defaults defaults, UnaryOperator<String> env) {
        String table = first(stateTable, known == null ? null : known.stateTable(), defaults.stateTable());
        if (table == null) {
            throw new IllegalArgumentException("no state table for deployment " + deployment + ": give stateTable, "
                    + "start the deployment in this build (canaryPrepare, canaryStacks), or set one in Manage Jenkins "
                    + "> System > ECS Canary");
        }
        String regionToUse = AwsLocation.region(region, known == null ? null : known.region(), env.apply("AWS_REGION"),
                env.apply("AWS_DEFAULT_REGION"), defaults.region());
        String endpoint = AwsLocation.endpointUrl(endpointUrl, known == null ? null : known.endpointUrl(),
                env.apply("AWS_ENDPOINT_URL"));
        String credentials = first(credentialsId, known == null ? null : known.credentialsId());
        return new CanaryTarget(deployment, table, regionToUse, endpoint, credentials);
    }

    /** Where the deployment lives, with what the step's build and controller know of it. */
    CanaryTarget resolve(StepInputs in) {
        return resolve(in.build().target(deployment).orElse(null), in.controller().defaults(), in::env);
    }

    @CheckForNull
    private static String first(String... values) {
        for (String value : values) {
            String given = AwsLocation.blankToNull(value);
            if (given != null) {
                return given;
            }
        }
        return null;
    }
}
