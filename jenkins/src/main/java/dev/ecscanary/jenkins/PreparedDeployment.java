package dev.ecscanary.jenkins;

import dev.ecscanary.spec.CanarySpec;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.AbortException;
import hudson.FilePath;
import hudson.model.Run;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Optional;
import jenkins.model.Jenkins;

/**
 * A deployment's spec as read from a workspace (its templates copied to the controller), and where the
 * deployment lives. {@code canaryPrepare} keeps it with the build; {@code canaryDeploy} and
 * {@code canaryStacks} start from it, read there and then or found by its id.
 */
record PreparedDeployment(CanarySpec spec, CanaryTarget target) {

    /** Reads the spec and its templates from the workspace (blocking: never on the CPS VM thread). */
    static PreparedDeployment read(FilePath workspace, String specPath, SpecOverrides overrides,
                                   CanaryExecution.Work work, @CheckForNull String credentialsId,
                                   @CheckForNull String region, @CheckForNull String endpointUrl)
            throws IOException, InterruptedException, StepFailure {
        CanarySpec spec = SpecLoader.load(workspaceOf(workspace), specPath, overrides,
                new TemplateStore(templateStore()));
        CanaryConfiguration config = CanaryConfiguration.get();
        String regionToUse = AwsLocation.region(region, spec.region(), work.env("AWS_REGION"),
                work.env("AWS_DEFAULT_REGION"), config.getRegion());
        String endpoint = AwsLocation.endpointUrl(endpointUrl, work.env("AWS_ENDPOINT_URL"));
        PreparedDeployment prepared = new PreparedDeployment(spec,
                new CanaryTarget(spec.deploymentId(), spec.stateTable(), regionToUse, endpoint, credentialsId));
        work.log.note(spec.deploymentId(), "read " + specPath + ": " + prepared.describe()
                + (overrides.toString().isBlank() ? "" : "; overrides: " + overrides.toString().trim()));
        return prepared;
    }

    /** The deployment canaryPrepare prepared in this build under {@code deploymentId}. */
    static PreparedDeployment find(Run<?, ?> run, String deploymentId, String functionName) throws IOException {
        CanaryRunAction action = CanaryRunAction.find(run, deploymentId);
        CanarySpec spec = action == null ? null : CanaryRunAction.files(run).prepared(deploymentId).orElse(null);
        if (action == null || spec == null) {
            throw new AbortException("no deployment " + deploymentId + " was prepared in this build: call "
                    + "canaryPrepare(spec: 'canary.yaml') inside node first and give " + functionName
                    + " the id it returns, or give " + functionName + " the spec inside node");
        }
        return new PreparedDeployment(spec, action.target());
    }

    /** Keeps it with the build and adds the build's Canary page for it. */
    void save(Run<?, ?> run) throws IOException {
        CanaryRunAction.files(run).savePrepared(spec);
        CanaryRunAction.attach(run, target);
    }

    /** With a step's own overrides and AWS arguments, where it gives them. */
    PreparedDeployment with(SpecOverrides overrides, @CheckForNull String credentialsId, @CheckForNull String region,
                            @CheckForNull String endpointUrl) throws AbortException {
        CanarySpec adjusted;
        try {
            adjusted = overrides.apply(spec);
        } catch (IllegalArgumentException e) {
            throw new AbortException(e.getMessage());
        }
        return new PreparedDeployment(adjusted, new CanaryTarget(target.deploymentId(), target.stateTable(),
                region != null ? AwsLocation.region(region) : target.region(),
                endpointUrl != null ? AwsLocation.endpointUrl(endpointUrl) : target.endpointUrl(),
                credentialsId != null ? credentialsId : target.credentialsId()));
    }

    String describe() {
        return spec.stacks().size() + " stack(s), " + spec.resolvedSteps().size() + " step(s), "
                + spec.gates().size() + " gate(s)";
    }

    /** The build's workspace, on whichever machine it is, as the spec loader reads it. */
    static SpecLoader.Workspace workspaceOf(FilePath workspace) {
        return new SpecLoader.Workspace() {
            @Override
            public Optional<byte[]> read(String relativePath, int limit) throws IOException, InterruptedException {
                FilePath file = workspace.child(relativePath);
                if (!file.exists() || file.isDirectory()) {
                    return Optional.empty();
                }
                try (InputStream in = file.read()) {
                    return Optional.of(in.readNBytes(limit + 1));
                }
            }

            @Override
            public String describe(String relativePath) {
                return workspace.child(relativePath).getRemote();
            }
        };
    }

    /** Where templates copied from workspaces are kept on the controller, by content. */
    static Path templateStore() {
        return Jenkins.get().getRootDir().toPath().resolve("ecs-canary").resolve("templates");
    }
}
