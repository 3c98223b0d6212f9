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
 * @param drainCheckAfterLastBake what the drain check adds after the last bake of a promotion (in
 *                   {@code minimumDuration}); null with {@code drain: off}
 */
public record SchedulePlan(String deploymentId, List<PlannedStep> steps, Duration minimumDuration, boolean ttlAssumed,
                           Duration drainCheckAfterLastBake) {

    /**
     * @param requestedPercent   as written in the spec
     * @param effectivePercent   what the weights really give
     * @param bake               the shortest bake
     * @param bakeMax            the longest, when the step bakes until its gates decide; else null
     * @param expectedBake       given an expected request rate, how long green takes to serve the
     *                           sample compareToBlue needs at this share, within the bounds; null
     *                           without a rate
     * @param minimumElapsed     the least time from the first shift until this step's bake ends
     * @param exposure           how long and to what share clients stay on green if it turns bad here
     */
    public record PlannedStep(int number, double requestedPercent, Weights weights, double effectivePercent,
                              boolean approval, Duration propagation, Duration ttl, Duration bake, Duration bakeMax,
                              Duration expectedBake, Duration minimumElapsed, Exposure exposure) {

        public Duration minimumDuration() {
            return propagation.plus(ttl).plus(bake);
        }
    }

    public static SchedulePlan of(CanarySpec spec) {
        return of(spec, null);
    }

    /** @param requestsPerMinute what both sides together are expected to serve; null if unknown */
    public static SchedulePlan of(CanarySpec spec, Long requestsPerMinute) {
        SpecValidator.validate(spec);
        if (requestsPerMinute != null && requestsPerMinute < 1) {
            throw new IllegalArgumentException("the expected request rate must be at least 1 a minute, was "
                    + requestsPerMinute);
        }
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
                    propagation, ttl, step.bake(), step.bakeTime().max(),
                    expectedBake(spec, step.bakeTime(), weights.greenPercent(), requestsPerMinute), elapsed,
                    Exposure.of(weights.greenPercent(), spec.gates(), propagation, ttl)));
        }
        Duration drain = !spec.drainCheck().enabled() || steps.isEmpty() ? null
                : spec.drainCheck().afterLastBake(ttl, steps.get(steps.size() - 1).bake());
        return new SchedulePlan(spec.deploymentId(), List.copyOf(planned), drain == null ? elapsed : elapsed.plus(drain),
                spec.dns().ttl() == null, drain);
    }

    /**
     * How long green takes at this share to serve the sample the most demanding compareToBlue gate
     * needs to pass, within the bake's bounds. A step at 100 % compares with nothing: its shortest bake.
     */
    private static Duration expectedBake(CanarySpec spec, Bake bake, double greenPercent, Long requestsPerMinute) {
        if (requestsPerMinute == null) {
            return null;
        }
        long sample = spec.gates().stream().filter(g -> g instanceof GateSpec.CompareToBlue)
                .mapToLong(g -> ((GateSpec.CompareToBlue) g).minRequests()).max().orElse(0);
        if (sample == 0 || greenPercent >= 100 || greenPercent <= 0) {
            return bake.min();
        }
        double minutes = sample / (requestsPerMinute * greenPercent / 100);
        Duration needed = Duration.ofSeconds((long) Math.ceil(minutes * 60));
        Duration atLeast = needed.compareTo(bake.min()) < 0 ? bake.min() : needed;
        return bake.max() != null && atLeast.compareTo(bake.max()) > 0 ? bake.max() : atLeast;
    }
}
