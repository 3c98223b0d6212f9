package dev.ecscanary.jenkins;

import dev.ecscanary.spec.CanarySpec;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import java.io.IOException;

/**
 * A deployment's spec as read from a workspace (its templates copied to the controller), and where the
 * deployment lives. {@code canaryPrepare} keeps it with the build; {@code canaryDeploy} and
 * {@code canaryStacks} start from it, read there and then or found by its id.
 */
record PreparedDeployment(CanarySpec spec, CanaryTarget target) {

    /**
     * Reads the spec and its templates from the workspace (blocking: never on the CPS VM thread).
     *
     * @param credentialsId, region, endpointUrl the step's own AWS arguments, each null when not given
     */
    static PreparedDeployment read(SpecLoader.Workspace workspace, String specPath, SpecOverrides overrides, Work work,
                                   @CheckForNull String credentialsId, @CheckForNull String region,
                                   @CheckForNull String endpointUrl)
            throws IOException, InterruptedException, StepFailure {
        StepInputs.Controller controller = work.in().controller();
        CanarySpec spec = SpecLoader.load(workspace, specPath, overrides, new TemplateStore(controller.templateStore()));
        String regionToUse = AwsLocation.region(region, spec.region(), work.env("AWS_REGION"),
                work.env("AWS_DEFAULT_REGION"), controller.defaults().region());
        String endpoint = AwsLocation.endpointUrl(endpointUrl, work.env("AWS_ENDPOINT_URL"));
        PreparedDeployment prepared = new PreparedDeployment(spec,
                new CanaryTarget(spec.deploymentId(), spec.stateTable(), regionToUse, endpoint, credentialsId));
        work.log().note(spec.deploymentId(), "read " + specPath + ": " + prepared.describe() + overridesNote(overrides));
        return prepared;
    }

    /**
     * {@code canaryPrepare}: reads the spec and its templates from the workspace and keeps them with the
     * build, touching nothing in AWS.
     *
     * @return the deployment id, for canaryDeploy or canaryStacks outside {@code node}
     */
    static String prepare(StepInputs in, SpecPurpose.Source source)
            throws IOException, InterruptedException, StepFailure {
        BuildLog log = new BuildLog(in.console(), in.leaseOwner(), record -> { });
        SpecLoader.Workspace workspace = in.workspace().open();
        if (workspace == null) {
            throw new StepFailure("canaryPrepare reads " + source.specPath() + " from the workspace: call it inside node { }");
        }
        PreparedDeployment prepared = read(workspace, source.specPath(), source.overrides(), new Work(in, log),
                source.credentialsId(), source.region(), source.endpointUrl());
        prepared.save(in.build());
        String id = prepared.target().deploymentId();
        log.note(id, "prepared: " + prepared.target() + "; canaryDeploy('" + id + "') starts it, outside node");
        return id;
    }

    /** {@code canaryPrepare} as one-shot work: {@link #prepare}. */
    record Prepare(SpecPurpose.Source source) implements OneShotWork {

        @Override
        public String describe() {
            return "reading " + source.specPath();
        }

        @Override
        public Object compute(StepInputs in, Aws aws) throws IOException, InterruptedException, StepFailure {
            return prepare(in, source);
        }
    }

    /** The deployment canaryPrepare prepared in this build under {@code deploymentId}. */
    static PreparedDeployment find(BuildDeployments build, String deploymentId, String functionName)
            throws IOException, StepFailure {
        CanaryTarget target = build.target(deploymentId).orElse(null);
        CanarySpec spec = target == null ? null : build.files().prepared(deploymentId).orElse(null);
        if (target == null || spec == null) {
            throw new StepFailure("no deployment " + deploymentId + " was prepared in this build: call "
                    + "canaryPrepare(spec: 'canary.yaml') inside node first and give " + functionName
                    + " the id it returns, or give " + functionName + " the spec inside node");
        }
        return new PreparedDeployment(spec, target);
    }

    /** Keeps it with the build and adds the build's Canary page for it. */
    void save(BuildDeployments build) throws IOException {
        build.files().savePrepared(spec);
        build.page(target);
    }

    /** With a step's own overrides and AWS arguments, where it gives them. */
    PreparedDeployment with(SpecOverrides overrides, @CheckForNull String credentialsId, @CheckForNull String region,
                            @CheckForNull String endpointUrl) throws StepFailure {
        try {
            return new PreparedDeployment(overrides.apply(spec), new CanaryTarget(target.deploymentId(),
                    target.stateTable(), region != null ? AwsLocation.region(region) : target.region(),
                    endpointUrl != null ? AwsLocation.endpointUrl(endpointUrl) : target.endpointUrl(),
                    credentialsId != null ? credentialsId : target.credentialsId()));
        } catch (IllegalArgumentException e) {
            throw new StepFailure(e.getMessage());
        }
    }

    String describe() {
        return spec.stacks().size() + " stack(s), " + spec.resolvedSteps().size() + " step(s), "
                + spec.gates().size() + " gate(s)";
    }

    /** "; overrides: …" for a log line, or nothing when the step gives none. */
    static String overridesNote(SpecOverrides overrides) {
        String given = overrides.toString().trim();
        return given.isEmpty() ? "" : "; overrides: " + given;
    }
}
