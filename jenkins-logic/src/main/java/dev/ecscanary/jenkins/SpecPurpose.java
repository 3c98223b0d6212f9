package dev.ecscanary.jenkins;

import dev.ecscanary.spec.CanarySpec;
import dev.ecscanary.state.DeploymentRecord;
import dev.ecscanary.state.Phase;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The steps that start a deployment from its spec ({@code canaryDeploy}, {@code canaryStacks}): read
 * now from the workspace (inside {@code node}), or the one {@code canaryPrepare} read earlier in this
 * build (anywhere: no executor is held). The step's overrides are applied and the deployment recorded;
 * submitting the same spec again finds it recorded and carries on with it.
 */
final class SpecPurpose extends StepPurpose {

    private static final long serialVersionUID = 1L;

    /** What the step does once the deployment is recorded. */
    enum Kind {
        /** canaryDeploy with its approval body: to the end; returns the phase. */
        DEPLOY_WITH_BODY,
        /** canaryDeploy without a body: to the end, refusing a spec with approvals; returns the phase. */
        DEPLOY_UNATTENDED,
        /** canaryStacks: until the stacks are ready; returns the deployment id. */
        STACKS
    }

    /**
     * The spec step's arguments as its execution keeps them.
     *
     * @param specPath     the spec file relative to the workspace, or null for the prepared deployment's
     * @param deploymentId the id replacing the spec's, or naming the prepared deployment
     */
    record Source(@CheckForNull String specPath, @CheckForNull String deploymentId, SpecOverrides overrides,
                  @CheckForNull String credentialsId, @CheckForNull String region, @CheckForNull String endpointUrl,
                  @CheckForNull Duration lease) implements Serializable {
    }

    private final String functionName;
    private final Kind kind;
    private final Source source;
    private transient volatile CanarySpec loaded;

    SpecPurpose(String functionName, Kind kind, Source source) {
        this.functionName = Objects.requireNonNull(functionName, "functionName");
        this.kind = Objects.requireNonNull(kind, "kind");
        this.source = Objects.requireNonNull(source, "source");
    }

    @Override
    Milestone milestone() {
        return kind == Kind.STACKS ? Milestone.STACKS_READY : Milestone.FINISHED;
    }

    @Override
    Duration lease() {
        return source.lease();
    }

    @Override
    CanaryTarget establish(Work work, Consumer<String> status) throws Exception {
        PreparedDeployment prepared;
        String specPath = source.specPath();
        if (specPath != null) {
            SpecLoader.Workspace workspace = work.in().workspace().open();
            if (workspace == null) {
                throw new StepFailure(functionName + " reads " + specPath + " from the workspace: call it inside "
                        + "node { }, or call canaryPrepare(spec: '" + specPath + "') inside node and " + functionName
                        + "(deployment: id) outside it, where it holds no executor while it waits");
            }
            status.accept("reading " + specPath);
            prepared = PreparedDeployment.read(workspace, specPath, source.overrides(), work, source.credentialsId(),
                    source.region(), source.endpointUrl());
        } else {
            String id = source.deploymentId();
            status.accept("looking up the spec prepared for " + id);
            prepared = PreparedDeployment.find(work.in().build(), id, functionName)
                    .with(source.overrides(), source.credentialsId(), source.region(), source.endpointUrl());
            work.log().note(id, "the spec canaryPrepare read earlier in this build: " + prepared.describe()
                    + PreparedDeployment.overridesNote(source.overrides()));
        }
        refuseUnanswerable(prepared.spec());
        loaded = prepared.spec();
        return prepared.target();
    }

    /** Without a body nobody can approve: a spec step that asks for approval is refused before anything starts. */
    private void refuseUnanswerable(CanarySpec spec) throws StepFailure {
        int step = SpecOverrides.firstApprovalStep(spec);
        if (kind == Kind.DEPLOY_UNATTENDED && step > 0) {
            throw new StepFailure("step " + step + " needs approval: give " + functionName + " a body with an input "
                    + "step, e.g. " + functionName + "(spec: '…') { input message: \"Shift to ${env.CANARY_NEXT_WEIGHT}?\" }");
        }
    }

    @Override
    DeploymentRecord begin(Session session, Work work) {
        DeploymentRecord record = session.engine.start(Objects.requireNonNull(loaded, "the spec is read first"));
        if (record.version() > 1 || record.phase() != Phase.PENDING) {
            work.log().note(record.id(), "already recorded with the same spec: carrying on from "
                    + record.phase().description());
        }
        return record;
    }

    @Override
    Object result(DeploymentRecord record) {
        return kind == Kind.STACKS ? record.id() : record.phase().name();
    }
}
