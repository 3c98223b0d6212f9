package dev.ecscanary.jenkins;

import dev.ecscanary.spec.CanarySpec;
import dev.ecscanary.state.DeploymentRecord;
import dev.ecscanary.state.Phase;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.SuppressFBWarnings;
import hudson.AbortException;
import hudson.FilePath;
import java.io.File;
import java.nio.file.Path;
import jenkins.model.Jenkins;
import org.jenkinsci.plugins.workflow.steps.StepContext;

/**
 * A step that starts a deployment from a spec file in the workspace: reads it (with its templates)
 * off the CPS VM thread, applies the step's overrides and records the deployment. Submitting the same
 * spec again finds the deployment already recorded and carries on with it.
 */
@SuppressFBWarnings(value = "SE_TRANSIENT_FIELD_NOT_RESTORED", justification = "the spec is read again if needed")
abstract class SpecExecution extends CanaryExecution {

    private static final long serialVersionUID = 1L;

    private final String functionName;
    private final String specPath;
    private final SpecOverrides overrides;
    private final String credentialsId;
    private final String region;
    private final String endpointUrl;

    private transient volatile CanarySpec loaded;

    SpecExecution(StepContext context, String functionName, AbstractSpecStep step, SpecOverrides overrides,
                  @CheckForNull Milestone milestone) {
        super(context, step.lease(), milestone);
        this.functionName = functionName;
        this.specPath = step.getSpec();
        this.overrides = overrides;
        this.credentialsId = step.getCredentialsId();
        this.region = step.getRegion();
        this.endpointUrl = step.getEndpointUrl();
    }

    /** Refuses a spec this step cannot run (e.g. approvals without a body). */
    void accept(CanarySpec spec) throws AbortException {
    }

    @Override
    CanaryTarget establish(Work work) throws Exception {
        FilePath workspace = getContext().get(FilePath.class);
        if (workspace == null) {
            throw new AbortException(functionName + " reads its spec from the workspace: call it inside node { }");
        }
        note("reading " + specPath);
        CanarySpec spec = SpecLoader.load(workspace, specPath, overrides, templateStore());
        accept(spec);
        CanaryConfiguration config = CanaryConfiguration.get();
        String regionToUse = AwsAccess.region(region, spec.region(), work.env("AWS_REGION"),
                work.env("AWS_DEFAULT_REGION"), config.getRegion());
        String endpoint = AwsAccess.endpointUrl(endpointUrl, work.env("AWS_ENDPOINT_URL"));
        work.log.note(spec.deploymentId(), "read " + specPath + ": " + spec.stacks().size() + " stack(s), "
                + spec.resolvedSteps().size() + " step(s), " + spec.gates().size() + " gate(s)"
                + (overrides.toString().isBlank() ? "" : "; overrides: " + overrides.toString().trim()));
        loaded = spec;
        return new CanaryTarget(spec.deploymentId(), spec.stateTable(), regionToUse, endpoint, credentialsId);
    }

    @Override
    DeploymentRecord begin(Session s, Work work) throws Exception {
        CanarySpec spec = loaded;
        DeploymentRecord record = s.engine.start(spec);
        if (record.version() > 1 || record.phase() != Phase.PENDING) {
            work.log.note(record.id(), "already recorded with the same spec: carrying on from "
                    + record.phase().description());
        }
        return record;
    }

    /** Where templates copied from workspaces are kept on the controller, by content. */
    static Path templateStore() {
        return new File(Jenkins.get().getRootDir(), "ecs-canary/templates").toPath();
    }
}
