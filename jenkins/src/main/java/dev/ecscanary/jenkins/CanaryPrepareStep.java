package dev.ecscanary.jenkins;

import edu.umd.cs.findbugs.annotations.NonNull;
import edu.umd.cs.findbugs.annotations.SuppressFBWarnings;
import hudson.EnvVars;
import hudson.Extension;
import hudson.FilePath;
import hudson.model.Run;
import hudson.model.TaskListener;
import java.util.Set;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
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
    @SuppressFBWarnings(value = "SE_TRANSIENT_FIELD_NOT_RESTORED", justification = "redone by onResume")
    static final class Execution extends StepExecution {
        private static final long serialVersionUID = 1L;

        private final String specPath;
        private final SpecOverrides overrides;
        private final String credentialsId;
        private final String region;
        private final String endpointUrl;
        private transient volatile Future<?> task;

        Execution(StepContext context, CanaryPrepareStep step) {
            super(context);
            this.specPath = step.getSpec();
            this.overrides = step.overrides(false);
            this.credentialsId = step.getCredentialsId();
            this.region = step.getRegion();
            this.endpointUrl = step.getEndpointUrl();
        }

        @Override
        public boolean start() {
            submit();
            return false;
        }

        @Override
        public void onResume() {
            submit();
        }

        @Override
        public void stop(@NonNull Throwable cause) {
            Future<?> running = task;
            if (running != null) {
                running.cancel(true);
            }
            getContext().onFailure(cause);
        }

        @Override
        public String getStatus() {
            return "reading " + specPath;
        }

        private void submit() {
            try {
                task = CanaryDrivers.get().pool().submit(this::prepare);
            } catch (RejectedExecutionException e) {
                getContext().onFailure(e);
            }
        }

        private void prepare() {
            try {
                Run<?, ?> run = getContext().get(Run.class);
                TaskListener listener = getContext().get(TaskListener.class);
                EnvVars env = getContext().get(EnvVars.class);
                FilePath workspace = getContext().get(FilePath.class);
                BuildLog log = new BuildLog(listener.getLogger(), LeaseOwner.of(run), record -> { });
                CanaryExecution.Work work = new CanaryExecution.Work(run, listener, env, log);
                PreparedDeployment prepared = PreparedDeployment.read(workspace, specPath, overrides, work,
                        credentialsId, region, endpointUrl);
                prepared.save(run);
                log.note(prepared.target().deploymentId(), "prepared: " + prepared.target() + "; canaryDeploy('"
                        + prepared.target().deploymentId() + "') starts it, outside node");
                getContext().onSuccess(prepared.target().deploymentId());
            } catch (Throwable t) {
                getContext().onFailure(CanaryExecution.explain(t));
            }
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
