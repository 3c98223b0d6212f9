package dev.ecscanary.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How long, at worst, clients stay on a green that turns bad during a step's bake, and how many:
 * the slowest gate's detection, then the fail-back's propagation and the DNS TTL, at the step's
 * share. A gate detects in {@code interval × failureThreshold}; gates that read CloudWatch (alarms
 * and the metric gates) also wait for its {@value #CLOUDWATCH_SECONDS}-second period and about as
 * long again for the datapoint to be published. An estimate from the spec alone: slow resolvers and
 * kept-alive connections stay longer (see the trafficShare gate).
 *
 * @param sharePercent the share of traffic green receives during the step
 * @param detection    the slowest gate's detection; null when no gate watches the step
 * @param slowestGate  that gate's name; null when none
 * @param failBack     how long Route53 takes to apply the fail-back (dns.propagation)
 * @param ttl          how long resolvers may keep answering with green after that
 * @param total        detection + failBack + ttl; null when no gate watches the step (nothing would
 *                     fail it back: the exposure lasts until the step passes and beyond)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Exposure(double sharePercent, Duration detection, String slowestGate, Duration failBack, Duration ttl,
                       Duration total) {

    /** CloudWatch's period for load balancer metrics; publication takes about as long again. */
    public static final long CLOUDWATCH_SECONDS = 60;

    public static Exposure of(double sharePercent, List<GateSpec> gates, Duration propagation, Duration ttl) {
        Duration slowest = null;
        String slowestGate = null;
        for (GateSpec gate : gates) {
            if (gate == null) {
                continue;
            }
            Duration detection = detection(gate);
            if (slowest == null || detection.compareTo(slowest) > 0) {
                slowest = detection;
                slowestGate = gate.name();
            }
        }
        Duration total = slowest == null ? null : slowest.plus(propagation).plus(ttl);
        return new Exposure(sharePercent, slowest, slowestGate, propagation, ttl, total);
    }

    /** The exposure of step {@code step} of {@code spec} (the TTL: the spec's, else the alias default). */
    public static Exposure of(CanarySpec spec, StepSpec step) {
        Objects.requireNonNull(step, "step");
        DnsSpec dns = spec.dns();
        Duration ttl = dns == null || dns.ttl() == null ? DnsSpec.ALIAS_TTL : dns.ttl();
        Duration propagation = dns == null ? DnsSpec.DEFAULT_PROPAGATION : dns.propagation();
        Weights weights = Weights.forGreenPercent(step.percent());
        return of(weights.greenPercent(), spec.gates(), propagation, ttl);
    }

    static Duration detection(GateSpec gate) {
        Duration evaluations = gate.interval().multipliedBy(gate.failureThreshold());
        return gate instanceof GateSpec.TargetHealth ? evaluations
                : evaluations.plusSeconds(2 * CLOUDWATCH_SECONDS);
    }

    /** {@code 10% for up to 4m30s}, or {@code 10%, no gate watches it}. */
    public String describe() {
        return Percentages.format(sharePercent) + "% " + (total == null ? "with no gate watching"
                : "for up to " + Durations.format(total));
    }
}
