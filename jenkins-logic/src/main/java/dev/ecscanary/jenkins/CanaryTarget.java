package dev.ecscanary.jenkins;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import java.io.Serializable;
import java.util.Objects;

/**
 * Where a deployment lives and how to reach it: the facts a step execution keeps across a controller
 * restart (no clients, no credentials, only their id). Region and endpoint are resolved once, when the
 * step starts, so that a resumed step talks to the same place.
 */
final class CanaryTarget implements Serializable {

    private static final long serialVersionUID = 1L;

    private final String deploymentId;
    private final String stateTable;
    private final String region;
    private final String endpointUrl;
    private final String credentialsId;

    CanaryTarget(@NonNull String deploymentId, @NonNull String stateTable, @CheckForNull String region,
                 @CheckForNull String endpointUrl, @CheckForNull String credentialsId) {
        this.deploymentId = Objects.requireNonNull(deploymentId, "deploymentId");
        this.stateTable = Objects.requireNonNull(stateTable, "stateTable");
        this.region = region;
        this.endpointUrl = endpointUrl;
        this.credentialsId = credentialsId;
    }

    @NonNull
    String deploymentId() {
        return deploymentId;
    }

    @NonNull
    String stateTable() {
        return stateTable;
    }

    /** @return null for the SDK's default region chain on the controller */
    @CheckForNull
    String region() {
        return region;
    }

    @CheckForNull
    String endpointUrl() {
        return endpointUrl;
    }

    /** @return the id of an AWS credential (aws-credentials plugin), or null */
    @CheckForNull
    String credentialsId() {
        return credentialsId;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CanaryTarget that && deploymentId.equals(that.deploymentId)
                && stateTable.equals(that.stateTable) && Objects.equals(region, that.region)
                && Objects.equals(endpointUrl, that.endpointUrl) && Objects.equals(credentialsId, that.credentialsId);
    }

    @Override
    public int hashCode() {
        return Objects.hash(deploymentId, stateTable, region, endpointUrl, credentialsId);
    }

    @Override
    public String toString() {
        return "deployment " + deploymentId + " in table " + stateTable + (region == null ? "" : " (" + region + ")")
                + (endpointUrl == null ? "" : " via " + endpointUrl);
    }
}
