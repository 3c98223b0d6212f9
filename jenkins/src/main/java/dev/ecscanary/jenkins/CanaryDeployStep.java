package dev.ecscanary.jenkins;

import com.google.common.util.concurrent.ListenableFuture;
import dev.ecscanary.jenkins.BodyApprovals.Decision;
import dev.ecscanary.port.Approvals;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import edu.umd.cs.findbugs.annotations.SuppressFBWarnings;
import hudson.AbortException;
import hudson.Extension;
import hudson.model.Result;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import jenkins.model.CauseOfInterruption;
import org.jenkinsci.Symbol;
import org.jenkinsci.plugins.workflow.steps.BodyExecution;
import org.jenkinsci.plugins.workflow.steps.BodyExecutionCallback;
import org.jenkinsci.plugins.workflow.steps.EnvironmentExpander;
import org.jenkinsci.plugins.workflow.steps.FlowInterruptedException;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.DataBoundConstructor;

/**
 * {@code canaryDeploy(spec: 'canary.yaml') { … }}: the whole canary, from the spec file in the
 * workspace to PROMOTED, or to ROLLED_BACK (then the step fails with the reason).
 *
 * <p>The body is the approval between increments: it runs before each step after the first (those
 * steps then require approval), with the next increment in {@code CANARY_NEXT_*}. The body finishing
 * approves the step; a body that fails or is aborted (an {@code input} answered Abort) rejects it,
 * and the deployment fails back. A Pipeline step takes a body always or never, so {@code canaryDeploy}
 * in a Pipeline script is the {@link CanaryDeployVariable global variable}, which calls this step
 * when given a body and {@link CanaryDeployUnattendedStep} when not.
 */
public class CanaryDeployStep extends AbstractDrivingSpecStep {

    static final String FUNCTION = "canaryDeploy";

    @DataBoundConstructor
    public CanaryDeployStep() {
    }

    @Override
    public StepExecution start(StepContext context) throws Exception {
        check();
        boolean withBody = withApprovalBody();
        return new Execution(context, new SpecPurpose(FUNCTION, withBody ? SpecPurpose.Kind.DEPLOY_WITH_BODY
                : SpecPurpose.Kind.DEPLOY_UNATTENDED, source(withBody, lease())), withBody);
    }

    /** Whether the Pipeline gives this step the approval body (canaryDeploy always does). */
    boolean withApprovalBody() {
        return true;
    }

    /** Drives the deployment to its end; runs the body as the approval of steps 2..n. */
    @SuppressFBWarnings(value = "SE_TRANSIENT_FIELD_NOT_RESTORED", justification = "a pending completion is redone on resume")
    static final class Execution extends CanaryExecution {

        private static final long serialVersionUID = 1L;

        private final boolean withBody;
        private volatile BodyExecution body;
        private final BodyApprovals bodies = new BodyApprovals();
        private transient volatile Consumer<StepContext> pendingCompletion;

        Execution(StepContext context, SpecPurpose purpose, boolean withBody) {
            super(context, purpose);
            this.withBody = withBody;
        }

        @Override
        public Approvals approvals(Approvals ofPurpose) {
            return withBody ? bodies.port(life, FUNCTION, this::startBody) : ofPurpose;
        }

        @Override
        public void stopping(Throwable cause) {
            BodyExecution running = body;
            if (running != null && !running.isDone()) {
                running.cancel(cause);
            }
        }

        @Override
        boolean deferCompletion(Consumer<StepContext> completion, @CheckForNull BuildLog log) {
            BodyExecution running;
            synchronized (this) {
                running = body;
                if (running == null || running.isDone()) {
                    return false;
                }
                pendingCompletion = completion;
            }
            // The deployment ended while the body waits (e.g. the approval timed out): end the body first.
            CanaryTarget known = life.target();
            DeploymentEnded why = new DeploymentEnded(known == null ? "?" : known.deploymentId());
            if (log != null) {
                log.note(null, why.getShortDescription() + ": ending the " + FUNCTION + " body");
            }
            running.cancel(new FlowInterruptedException(Result.ABORTED, true, why));
            return true;
        }

        private void startBody(Approvals.ApprovalRequest request) throws IOException, InterruptedException {
            EnvironmentExpander env = EnvironmentExpander.merge(getContext().get(EnvironmentExpander.class),
                    EnvironmentExpander.constant(BodyApprovals.environment(request)));
            body = getContext().newBodyInvoker()
                    .withContext(env)
                    .withCallback(new ApprovalCallback(executionId, request.stepIndex()))
                    .start();
            getContext().saveState();
        }

        /** The body ended: its outcome is the decision on the step (the step's end waited for it, or a tick). */
        void bodyFinished(int stepIndex, Decision decision) {
            Consumer<StepContext> pending;
            synchronized (this) {
                body = null;
                pending = pendingCompletion;
                pendingCompletion = null;
            }
            if (pending != null) {
                bodies.decided(stepIndex, decision);
                getContext().saveState();
                pending.accept(getContext());
                return;
            }
            bodies.answered(life, stepIndex, decision);
        }
    }

    /** Hands the body's outcome to the execution that started it, also after a restart. */
    static final class ApprovalCallback extends BodyExecutionCallback {
        private static final long serialVersionUID = 1L;

        private final String executionId;
        private final int stepIndex;

        ApprovalCallback(String executionId, int stepIndex) {
            this.executionId = executionId;
            this.stepIndex = stepIndex;
        }

        @Override
        public void onSuccess(StepContext context, Object result) {
            deliver(context, Decision.approve(PipelineApprovals.BY));
        }

        @Override
        public void onFailure(StepContext context, Throwable t) {
            String by = CanaryExecution.userOf(t);
            deliver(context, Decision.reject(by == null ? PipelineApprovals.BY : by,
                    describe(t)));
        }

        private void deliver(StepContext context, Decision decision) {
            AtomicBoolean found = new AtomicBoolean();
            ListenableFuture<?> delivered = StepExecution.acceptAll(Execution.class, execution -> {
                if (execution.executionId.equals(executionId)) {
                    found.set(true);
                    execution.bodyFinished(stepIndex, decision);
                }
            });
            delivered.addListener(() -> {
                if (!found.get()) {
                    context.onFailure(new AbortException(FUNCTION + ": the body of step " + (stepIndex + 1)
                            + " ended, but its step is no longer running"));
                }
            }, Runnable::run);
        }

        static String describe(Throwable t) {
            if (t instanceof FlowInterruptedException interrupted && !interrupted.getCauses().isEmpty()) {
                return "the body was interrupted: " + interrupted.getCauses().stream()
                        .map(CauseOfInterruption::getShortDescription).collect(Collectors.joining("; "));
            }
            return "the body failed: " + (t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage());
        }
    }

    /** Why a waiting body is cancelled: the deployment does not need the approval any more. */
    static final class DeploymentEnded extends CauseOfInterruption {
        private static final long serialVersionUID = 1L;

        private final String deploymentId;

        DeploymentEnded(String deploymentId) {
            this.deploymentId = deploymentId;
        }

        @Override
        public String getShortDescription() {
            return "canary " + deploymentId + " ended; its approval is no longer needed";
        }
    }

    @Extension
    @Symbol(FUNCTION)
    public static final class DescriptorImpl extends DrivingStepDescriptor {

        @Override
        public String getFunctionName() {
            return FUNCTION;
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return Messages.CanaryDeployStep_DisplayName();
        }

        @Override
        public boolean takesImplicitBlockArgument() {
            return true;
        }
    }
}
