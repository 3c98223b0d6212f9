package dev.ecscanary.jenkins;

import dev.ecscanary.aws.AwsClients;
import dev.ecscanary.aws.gates.AwsGateFactory;
import dev.ecscanary.port.Gate.GateContext;
import dev.ecscanary.port.Gate.GateResult;
import dev.ecscanary.port.GateFactory;
import dev.ecscanary.spec.GateSpec;
import dev.ecscanary.spec.Weights;
import dev.ecscanary.state.DeploymentRecord;
import dev.ecscanary.state.HistoryEntry;
import dev.ecscanary.state.Phase;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jenkinsci.Symbol;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.DataBoundConstructor;

/**
 * {@code def gates = canaryGates(deployment: id)}: evaluates every gate of the deployment's spec once,
 * now, against the traffic split it has, and returns a List of Maps (name, type, verdict, evidence);
 * the deployment is not changed. A gate that cannot be asked is INCONCLUSIVE, as during a bake.
 */
public final class CanaryGatesStep extends AbstractDeploymentStep {

    static final String FUNCTION = "canaryGates";

    @DataBoundConstructor
    public CanaryGatesStep(String deployment) {
        super(deployment);
    }

    @Override
    public StepExecution start(StepContext context) throws Exception {
        check();
        return new Execution(context, args());
    }

    static final class Execution extends ReadExecution {
        private static final long serialVersionUID = 1L;

        Execution(StepContext context, Args args) {
            super(context, args);
        }

        @Override
        Object read(AwsClients clients, DeploymentRecord record) {
            return evaluate(new AwsGateFactory(clients.elb(), clients.cloudWatch()), record, Instant.now());
        }
    }

    static List<Object> evaluate(GateFactory factory, DeploymentRecord record, Instant now) {
        Weights weights = record.weights() == null ? Weights.ALL_BLUE : record.weights();
        GateContext context = new GateContext(record.id(), Math.max(1, record.step() + 1), weights,
                weightsServedSince(record, now), now);
        List<Object> results = new ArrayList<>();
        for (GateSpec gate : record.spec().gates()) {
            GateResult result;
            try {
                result = factory.create(gate, record.spec()).evaluate(context);
                if (result == null) {
                    result = GateResult.inconclusive("the gate gave no result");
                }
            } catch (RuntimeException e) {
                result = GateResult.inconclusive("could not evaluate: " + e.getClass().getSimpleName()
                        + (e.getMessage() == null ? "" : ": " + e.getMessage()));
            }
            results.add(RecordMaps.gateResult(gate, result, now));
        }
        return results;
    }

    /**
     * Since when clients see the current weights: the bake's start while baking, else when the weights
     * were last written (metric windows should not reach back before it).
     */
    static Instant weightsServedSince(DeploymentRecord record, Instant now) {
        if (record.phase() == Phase.BAKING && record.phaseStartedAt() != null) {
            return record.phaseStartedAt();
        }
        List<HistoryEntry> history = record.history();
        for (int i = history.size() - 1; i >= 0; i--) {
            HistoryEntry entry = history.get(i);
            if (entry.kind() == HistoryEntry.Kind.WEIGHTS_WRITTEN && entry.weights() != null
                    && entry.weights().equals(record.weights())) {
                return entry.at();
            }
        }
        return now.minus(GateSpec.DEFAULT_WINDOW);
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
            return Messages.CanaryGatesStep_DisplayName();
        }
    }
}
