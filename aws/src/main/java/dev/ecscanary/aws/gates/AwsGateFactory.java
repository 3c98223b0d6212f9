package dev.ecscanary.aws.gates;

import dev.ecscanary.port.Gate;
import dev.ecscanary.port.GateFactory;
import dev.ecscanary.spec.CanarySpec;
import dev.ecscanary.spec.GateSpec;
import java.util.Objects;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;

/** Makes each gate of a spec, on ELBv2 (target health) and CloudWatch (alarms and ALB metrics). */
public final class AwsGateFactory implements GateFactory {

    private final ElasticLoadBalancingV2Client elb;
    private final CloudWatchClient cloudWatch;
    private final AlbMetrics metrics;

    public AwsGateFactory(ElasticLoadBalancingV2Client elb, CloudWatchClient cloudWatch) {
        this.elb = Objects.requireNonNull(elb, "elb");
        this.cloudWatch = Objects.requireNonNull(cloudWatch, "cloudWatch");
        this.metrics = new CloudWatchAlbMetrics(cloudWatch);
    }

    /** @throws IllegalArgumentException when the spec lacks what the gate needs (the engine holds the step) */
    @Override
    public Gate create(GateSpec gate, CanarySpec spec) {
        if (gate instanceof GateSpec.TargetHealth health) {
            String targetGroup = health.targetGroup() != null ? health.targetGroup()
                    : spec.green() == null ? null : spec.green().targetGroup();
            if (targetGroup == null || targetGroup.isBlank()) {
                throw new IllegalArgumentException("gate " + gate.name() + " needs a targetGroup, or green.targetGroup");
            }
            return new TargetHealthGate(elb, targetGroup, health.minHealthy());
        }
        if (gate instanceof GateSpec.Alarms alarms) {
            if (alarms.alarms().isEmpty() || alarms.alarms().stream().anyMatch(n -> n == null || n.isBlank())) {
                throw new IllegalArgumentException("gate " + gate.name() + " must name its CloudWatch alarms");
            }
            return new AlarmsGate(cloudWatch, alarms.alarms());
        }
        if (gate instanceof GateSpec.MetricThreshold threshold) {
            if (threshold.metric() == null || threshold.max() == null) {
                throw new IllegalArgumentException("gate " + gate.name() + " needs a metric and a max");
            }
            return new MetricThresholdGate(metrics, green(spec, gate), threshold.metric(), threshold.max(),
                    threshold.window(), threshold.minRequests());
        }
        if (gate instanceof GateSpec.CompareToBlue compare) {
            return new CompareToBlueGate(metrics, green(spec, gate), blue(spec, gate), new CompareToBlueGate.Settings(
                    compare.errorRateMargin(), compare.latencyMarginPercent(), compare.latencyFloorMillis(),
                    compare.minRequests(), compare.confidence(), compare.warmup(), compare.window()));
        }
        if (gate instanceof GateSpec.TrafficShare share) {
            return new TrafficShareGate(metrics, green(spec, gate), blue(spec, gate), share.tolerance(),
                    share.minRequests(), share.window());
        }
        throw new IllegalArgumentException("no AWS implementation of gate type " + gate.type());
    }

    private static String green(CanarySpec spec, GateSpec gate) {
        return LoadBalancers.dimensionOf(spec.green(), "green", gate.name());
    }

    private static String blue(CanarySpec spec, GateSpec gate) {
        return LoadBalancers.dimensionOf(spec.blue(), "blue", gate.name());
    }
}
