package dev.ecscanary.jenkins;

import dev.ecscanary.spec.CanarySpec;
import dev.ecscanary.state.DeploymentRecord;
import dev.ecscanary.state.Phase;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.SuppressFBWarnings;
import hudson.AbortException;
import hudson.FilePath;
import org.jenkinsci.plugins.workflow.steps.StepContext;

/**
 * A step that starts a deployment from its spec: read now from the workspace (inside {@code node}), or
 * the one {@code canaryPrepare} read earlier in this build (anywhere: no executor is held). Reading
 * happens off the CPS VM thread; the step's overrides are applied and the deployment recorded.
 * Submitting the same spec again finds the deployment already recorded and carries on with it.
 */
@SuppressFBWarnings(value = "SE_TRANSIENT_FIELD_NOT_RESTORED", justification = "the spec is read again if needed")
abstract class SpecExecution extends CanaryExecution {

    private static final long serialVersionUID = 1L;

    private final String functionName;
    private final String specPath;
    private final String deploymentId;
    private final SpecOverrides overrides;
    private final String credentialsId;
    private final String region;
    private final String endpointUrl;

    private transient volatile CanarySpec loaded;

    SpecExecution(StepContext context, String functionName, AbstractDrivingSpecStep step, SpecOverrides overrides,
                  @CheckForNull Milestone milestone) {
        super(context, step.lease(), milestone);
        this.functionName = functionName;
        this.specPath = step.getSpec();
        this.deploymentId = step.getDeployment();
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
        PreparedDeployment prepared;
        if (specPath != null) {
            FilePath workspace = getContext().get(FilePath.class);
            if (workspace == null) {
                throw new AbortException(functionName + " reads " + specPath + " from the workspace: call it inside "
                        + "node { }, or call canaryPrepare(spec: '" + specPath + "') inside node and " + functionName
                        + "(deployment: id) outside it, where it holds no executor while it waits");
            }
            note("reading " + specPath);
            prepared = PreparedDeployment.read(workspace, specPath, overrides, work, credentialsId, region, endpointUrl);
        } else {
            note("looking up the spec prepared for " + deploymentId);
            prepared = PreparedDeployment.find(work.run, deploymentId, functionName)
                    .with(overrides, credentialsId, region, endpointUrl);
            work.log.note(deploymentId, "the spec canaryPrepare read earlier in this build: " + prepared.describe()
                    + (overrides.toString().isBlank() ? "" : "; overrides: " + overrides.toString().trim()));
        }
        accept(prepared.spec());
        loaded = prepared.spec();
        return prepared.target();
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
}
