package dev.ecscanary.jenkins;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.EnvVars;
import hudson.Extension;
import hudson.FilePath;
import hudson.model.Run;
import hudson.model.TaskListener;
import java.util.Set;
import org.jenkinsci.Symbol;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.DataBoundConstructor;

/**
 * {@code def id = canaryPrepare(spec: 'canary.yaml')} inside {@code node}: reads the spec and its stack
 * templates from the workspace, checks them, and keeps them with the build (templates copied to the
 * controller); returns the deployment id. Nothing in AWS is touched. {@code canaryDeploy(id)} (or
 * {@code canaryStacks(deployment: id)}) then runs outside {@code node}, holding no executor through
 * stacks, bakes and approvals.
 */
public final class CanaryPrepareStep extends AbstractSpecStep {

    static final String FUNCTION = "canaryPrepare";

    @DataBoundConstructor
    public CanaryPrepareStep(String spec) {
        spec(spec);
    }

    @Override
    void checkArguments() {
        StepArguments.spec(getSpec());
    }

    @Override
    public StepExecution start(StepContext context) throws Exception {
        check();
        return new Execution(context, this);
    }

    /** Reads on the shared pool (the workspace may be on an agent), never on the CPS VM thread. */
    static final class Execution extends PoolExecution {
        private static final long serialVersionUID = 1L;

        private final String specPath;
        private final SpecOverrides overrides;
        private final String credentialsId;
        private final String region;
        private final String endpointUrl;

        Execution(StepContext context, CanaryPrepareStep step) {
            super(context);
            this.specPath = step.getSpec();
            this.overrides = step.overrides(false);
            this.credentialsId = step.getCredentialsId();
            this.region = step.getRegion();
            this.endpointUrl = step.getEndpointUrl();
        }

        @Override
        public String getStatus() {
            return "reading " + specPath;
        }

        @Override
        Object compute() throws Exception {
            Run<?, ?> run = getContext().get(Run.class);
            TaskListener listener = getContext().get(TaskListener.class);
            BuildLog log = new BuildLog(listener.getLogger(), LeaseOwner.of(run), record -> { });
            CanaryExecution.Work work = new CanaryExecution.Work(run, listener, getContext().get(EnvVars.class), log);
            PreparedDeployment prepared = PreparedDeployment.read(getContext().get(FilePath.class), specPath,
                    overrides, work, credentialsId, region, endpointUrl);
            prepared.save(run);
            String id = prepared.target().deploymentId();
            log.note(id, "prepared: " + prepared.target() + "; canaryDeploy('" + id + "') starts it, outside node");
            return id;
        }
    }

    @Extension
    @Symbol(FUNCTION)
    public static final class DescriptorImpl extends SpecStepDescriptor {

        @Override
        public String getFunctionName() {
            return FUNCTION;
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return Messages.CanaryPrepareStep_DisplayName();
        }

        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return Set.of(Run.class, TaskListener.class, FilePath.class, EnvVars.class);
        }
    }
}
