package dev.ecscanary.jenkins;

import dev.ecscanary.port.Approvals;
import dev.ecscanary.spec.Percentages;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The approvals canaryDeploy's body gives, free of Jenkins types: the body runs once per step that
 * asks (never again for a step it already ran for or decided), and its outcome is the decision on that
 * step. Saved with the step's execution, so decisions survive a restart.
 */
final class BodyApprovals implements Serializable {

    private static final long serialVersionUID = 1L;

    private final ConcurrentHashMap<Integer, Decision> decisions = new ConcurrentHashMap<>();
    /** The step index the body was last started for (-1: never). */
    private int started = -1;

    /** Whether the body should start for this request now; if so, it counts as started. */
    synchronized boolean start(Approvals.ApprovalRequest request) {
        if (decisions.containsKey(request.stepIndex()) || started == request.stepIndex()) {
            return false;
        }
        started = request.stepIndex();
        return true;
    }

    /** The body ended for {@code stepIndex}: the first outcome is the decision. */
    void decided(int stepIndex, Decision decision) {
        decisions.putIfAbsent(stepIndex, decision);
    }

    Optional<Approvals.ApprovalDecision> decision(int stepIndex) {
        Decision decision = decisions.get(stepIndex);
        return decision == null ? Optional.empty() : Optional.of(decision.asApproval());
    }

    /** Starts the body for a step (Pipeline's body invoker); its outcome comes back to {@link #answered}. */
    @FunctionalInterface
    interface Starter {
        void start(Approvals.ApprovalRequest request) throws Exception;
    }

    /**
     * The engine's approvals for {@code step}, answered by the body: a request starts it (once per
     * step); a body that cannot be started rejects the step.
     */
    Approvals port(StepLifecycle step, String function, Starter starter) {
        return new Approvals() {
            @Override
            public void request(ApprovalRequest request) {
                if (step.isCompleted() || !start(request)) {
                    return;
                }
                Session s = step.session();
                if (s != null) {
                    s.log.note(request.deploymentId(), asking(request, function));
                }
                try {
                    starter.start(request);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    answered(step, request.stepIndex(), Decision.reject(PipelineApprovals.BY,
                            "interrupted while starting the " + function + " body"));
                } catch (Exception e) {
                    answered(step, request.stepIndex(), Decision.reject(PipelineApprovals.BY,
                            "the " + function + " body could not be started: " + e));
                }
            }

            @Override
            public Optional<ApprovalDecision> decision(String deploymentId, int stepIndex) {
                return BodyApprovals.this.decision(stepIndex);
            }
        };
    }

    /**
     * The body ended for {@code stepIndex}: its outcome decides the step (saved with the build first),
     * and the deployment is ticked now.
     */
    void answered(StepLifecycle step, int stepIndex, Decision decision) {
        decided(stepIndex, decision);
        step.saveState();
        Session s = step.session();
        if (s != null) {
            s.log.note(s.deploymentId(), answered(stepIndex, decision));
            s.driver.wake(s.deploymentId());
        }
    }

    /** What the body sees of the increment it approves. */
    static Map<String, String> environment(Approvals.ApprovalRequest request) {
        Map<String, String> vars = new LinkedHashMap<>();
        vars.put("CANARY_DEPLOYMENT", request.deploymentId());
        vars.put("CANARY_NEXT_STEP", String.valueOf(request.stepNumber()));
        vars.put("CANARY_STEP_COUNT", String.valueOf(request.stepCount()));
        vars.put("CANARY_NEXT_PERCENT", Percentages.format(request.weights().greenPercent()));
        vars.put("CANARY_NEXT_WEIGHT", "blue " + request.weights().blue() + " / green " + request.weights().green());
        return vars;
    }

    /** The build log's line as the body starts. */
    static String asking(Approvals.ApprovalRequest request, String function) {
        return "step " + request.stepNumber() + "/" + request.stepCount() + " ("
                + Percentages.format(request.weights().greenPercent()) + "% green) needs approval: running the "
                + function + " body (decide before " + request.deadline() + ")";
    }

    /** The build log's line as the body ends. */
    static String answered(int stepIndex, Decision decision) {
        return "step " + (stepIndex + 1) + (decision.approved ? " approved" : " rejected") + " by " + decision.by
                + (decision.comment == null ? "" : ": " + decision.comment);
    }

    /** A step's decision as the body gave it. */
    static final class Decision implements Serializable {
        private static final long serialVersionUID = 1L;

        final boolean approved;
        final String by;
        final String comment;

        private Decision(boolean approved, String by, String comment) {
            this.approved = approved;
            this.by = by;
            this.comment = comment;
        }

        static Decision approve(String by) {
            return new Decision(true, by, null);
        }

        static Decision reject(String by, String comment) {
            return new Decision(false, by, comment);
        }

        Approvals.ApprovalDecision asApproval() {
            return new Approvals.ApprovalDecision(approved, by, comment);
        }
    }
}
