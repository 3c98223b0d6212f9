package dev.ecscanary.spec;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What a spec will do, before anything runs: each step with its Route53 weights and its waits, and
 * the least time the whole canary can take. Approvals and the time green takes to start are not
 * in the minimum: they depend on people and on ECS.
 *
 * @param ttlAssumed whether the TTL is the alias default (the spec did not override it, and the
 *                   record's real TTL is only known once Route53 is asked)
 */
public record SchedulePlan(String deploymentId, List<PlannedStep> steps, Duration minimumDuration, boolean ttlAssumed) {

    /**
     * @param requestedPercent   as written in the spec
     * @param effectivePercent   what the weights really give
     * @param minimumElapsed     the least time from the first shift until this step's bake ends
     * @param exposure           how long and to what share clients stay on green if it turns bad here
     */
    public record PlannedStep(int number, double requestedPercent, Weights weights, double effectivePercent,
                              boolean approval, Duration propagation, Duration ttl, Duration bake,
                              Duration minimumElapsed, Exposure exposure) {

        public Duration minimumDuration() {
            return propagation.plus(ttl).plus(bake);
        }
    }

    public static SchedulePlan of(CanarySpec spec) {
        SpecValidator.validate(spec);
        Duration ttl = spec.dns().ttl() == null ? DnsSpec.ALIAS_TTL : spec.dns().ttl();
        Duration propagation = spec.dns().propagation();
        List<PlannedStep> planned = new ArrayList<>();
        Duration elapsed = Duration.ZERO;
        List<StepSpec> steps = spec.resolvedSteps();
        for (int i = 0; i < steps.size(); i++) {
            StepSpec step = steps.get(i);
            Weights weights = Weights.forGreenPercent(step.percent());
            elapsed = elapsed.plus(propagation).plus(ttl).plus(step.bake());
            planned.add(new PlannedStep(i + 1, step.percent(), weights, weights.greenPercent(), step.needsApproval(),
                    propagation, ttl, step.bake(), elapsed,
                    Exposure.of(weights.greenPercent(), spec.gates(), propagation, ttl)));
        }
        return new SchedulePlan(spec.deploymentId(), List.copyOf(planned), elapsed, spec.dns().ttl() == null);
    }
}
