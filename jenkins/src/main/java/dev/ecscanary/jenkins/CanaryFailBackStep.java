package dev.ecscanary.jenkins;

import dev.ecscanary.port.Approvals;
import dev.ecscanary.state.DeploymentRecord;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import hudson.Extension;
import hudson.Util;
import hudson.model.Cause;
import hudson.model.Run;
import org.jenkinsci.Symbol;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * {@code canaryFailBack(deployment: id, reason: 'rejected at 50%')}: asks whoever drives the
 * deployment to put blue back to 100 % (in the name of the build's user, or "pipeline") and waits
 * until Route53 serves it. Returns ROLLED_BACK; fails if the fail-back cannot be confirmed, and
 * refuses a deployment that was already promoted.
 */
public final class CanaryFailBackStep extends AbstractDeploymentStep {

    static final String FUNCTION = "canaryFailBack";
    static final String DEFAULT_REASON = "fail-back requested by the Pipeline";

    private String reason;

    @DataBoundConstructor
    public CanaryFailBackStep(String deployment) {
        super(deployment);
    }

    @CheckForNull
    public String getReason() {
        return reason;
    }

    @DataBoundSetter
    public void setReason(String reason) {
        this.reason = Util.fixEmptyAndTrim(reason);
    }

    @Override
    public StepExecution start(StepContext context) throws Exception {
        check();
        return new Execution(context, args(), reason == null ? DEFAULT_REASON : reason);
    }

    static final class Execution extends DeploymentExecution {
        private static final long serialVersionUID = 1L;

        private final String reason;
        private volatile boolean requested;

        Execution(StepContext context, DeploymentArgs args, String reason) {
            super(context, args, null, Milestone.FINISHED);
            this.reason = reason;
        }

        @Override
        DeploymentRecord prepare(Session s, DeploymentRecord record, Work work) throws Exception {
            if (record.isPromoted()) {
                throw new AbortException("deployment " + record.id() + " was already promoted: green serves 100% and "
                        + "a promoted deployment is not failed back (deploy the previous version as a new canary)");
            }
            if (requested || record.isFinished()) {
                return record;
            }
            String by = requester(work.run);
            DeploymentRecord asked = s.engine.requestAbort(record.id(), by, reason);
            work.log.note(record.id(), "fail-back requested by " + by + ": " + reason);
            requested = true;
            getContext().saveState();
            return asked;
        }

        static String requester(Run<?, ?> run) {
            Cause.UserIdCause user = run.getCause(Cause.UserIdCause.class);
            return user != null && user.getUserId() != null ? user.getUserId() : PipelineApprovals.BY;
        }

        @Override
        Approvals approvals() {
            return Approvals.NONE;
        }

        @Override
        Object rolledBack(DeploymentRecord record) {
            return record.phase().name();
        }

        @Override
        Object result(DeploymentRecord record) {
            return record.phase().name();
        }
    }

    @Extension
    @Symbol(FUNCTION)
    public static final class DescriptorImpl extends DeploymentStepDescriptor {

        @Override
        public String getFunctionName() {
            return FUNCTION;
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return Messages.CanaryFailBackStep_DisplayName();
        }
    }
}
