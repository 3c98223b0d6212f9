package dev.ecscanary.jenkins;

import dev.ecscanary.state.DeploymentRecord;
import java.util.Optional;
import java.util.function.Consumer;

/** What a build keeps of the deployments its steps touched: a Canary page each, and their files. */
interface BuildDeployments {

    /** Where a deployment this build has a page for lives (the step that started or prepared it). */
    Optional<CanaryTarget> target(String deploymentId);

    /**
     * The build's Canary page for the deployment, added (and saved with the build) if it has none yet:
     * where the deployment's newest records go.
     */
    Consumer<DeploymentRecord> page(CanaryTarget target);

    /** What the build keeps in its own directory: prepared specs, the newest record of each deployment. */
    BuildFiles files();
}
