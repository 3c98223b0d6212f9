package dev.ecscanary.aws.gates;

import dev.ecscanary.port.Gate;
import java.util.List;
import java.util.stream.Collectors;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroupNotFoundException;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthDescription;

/**
 * Every target of green's target group healthy, and at least {@code minHealthy} of them. All targets
 * are judged (the original sample looked at the first one only), an empty group fails, targets still
 * in {@code initial} hold the step, and {@code draining} ones, on their way out, are left aside.
 */
final class TargetHealthGate implements Gate {

    private final ElasticLoadBalancingV2Client elb;
    private final String targetGroup;
    private final int minHealthy;

    TargetHealthGate(ElasticLoadBalancingV2Client elb, String targetGroup, int minHealthy) {
        this.elb = elb;
        this.targetGroup = targetGroup;
        this.minHealthy = minHealthy;
    }

    @Override
    public GateResult evaluate(GateContext context) {
        List<TargetState> targets;
        try {
            targets = elb.describeTargetHealth(r -> r.targetGroupArn(targetGroup)).targetHealthDescriptions().stream()
                    .map(description -> TargetState.from(targetGroup, description))
                    .toList();
        } catch (TargetGroupNotFoundException e) {
            return GateResult.fail("target group " + targetGroup + " does not exist");
        } catch (SdkException e) {
            throw GateCalls.failed("ELBv2 DescribeTargetHealth of target group " + targetGroup, e);
        }
        return judge(targets, minHealthy);
    }

    static GateResult judge(List<TargetState> targets, int minHealthy) {
        List<TargetState> serving = targets.stream().filter(t -> !t.is("draining")).toList();
        long draining = targets.size() - serving.size();
        List<TargetState> failing = serving.stream().filter(t -> !t.is("healthy") && !t.is("initial")).toList();
        List<TargetState> starting = serving.stream().filter(t -> t.is("initial")).toList();
        GateResult result;
        if (serving.isEmpty()) {
            result = GateResult.fail("no targets registered" + (draining > 0 ? " (" + draining + " draining)" : ""));
        } else if (!failing.isEmpty()) {
            result = GateResult.fail(failing.size() + " of " + serving.size() + " targets not healthy: "
                    + describe(failing));
        } else if (!starting.isEmpty()) {
            result = GateResult.inconclusive(starting.size() + " of " + serving.size() + " targets still starting: "
                    + describe(starting));
        } else if (serving.size() < minHealthy) {
            result = GateResult.fail("only " + serving.size() + " healthy target" + (serving.size() == 1 ? "" : "s")
                    + ", at least " + minHealthy + " required");
        } else {
            result = GateResult.pass("all " + serving.size() + " targets healthy (at least " + minHealthy
                    + " required)");
        }
        return result.measured("targets", serving.size())
                .measured("healthy", serving.size() - failing.size() - starting.size())
                .measured("unhealthy", failing.size())
                .measured("starting", starting.size())
                .measured("draining", draining)
                .limit("minHealthy", minHealthy);
    }

    private static String describe(List<TargetState> targets) {
        return targets.stream().map(TargetState::describe).collect(Collectors.joining("; "));
    }

    /** One target as DescribeTargetHealth reported it. */
    record TargetState(String id, Integer port, String state, String reasonCode, String description) {

        static TargetState from(String targetGroup, TargetHealthDescription description) {
            if (description.target() == null || description.target().id() == null) {
                throw new IllegalStateException("DescribeTargetHealth of " + targetGroup
                        + " answered a target without an id");
            }
            if (description.targetHealth() == null || description.targetHealth().stateAsString() == null) {
                throw new IllegalStateException("DescribeTargetHealth of " + targetGroup + " answered target "
                        + description.target().id() + " without its state");
            }
            return new TargetState(description.target().id(), description.target().port(),
                    description.targetHealth().stateAsString(), description.targetHealth().reasonAsString(),
                    description.targetHealth().description());
        }

        boolean is(String value) {
            return state.equals(value);
        }

        /** e.g. {@code 10.0.1.5:80 unhealthy (Target.ResponseCodeMismatch: Health checks failed with these codes: [502])}. */
        String describe() {
            String why = reasonCode == null ? description
                    : description == null ? reasonCode : reasonCode + ": " + description;
            return id + (port == null ? "" : ":" + port) + " " + state + (why == null ? "" : " (" + why + ")");
        }
    }
}
