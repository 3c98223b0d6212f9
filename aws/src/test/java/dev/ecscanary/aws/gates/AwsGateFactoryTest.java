package dev.ecscanary.aws.gates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ecscanary.spec.CanarySpec;
import dev.ecscanary.spec.GateSpec;
import dev.ecscanary.spec.ServiceSide;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;

class AwsGateFactoryTest {

    static final ServiceSide GREEN = new ServiceSide("shop", "shop-green", "arn:tg/green", "app/shop-green/1");
    static final ServiceSide BLUE = new ServiceSide("shop", "shop-blue", "arn:tg/blue",
            "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/shop-blue/2");

    final AwsGateFactory factory = new AwsGateFactory(
            ElasticLoadBalancingV2Client.builder().region(Region.US_EAST_1)
                    .credentialsProvider(AnonymousCredentialsProvider.create()).build(),
            CloudWatchClient.builder().region(Region.US_EAST_1)
                    .credentialsProvider(AnonymousCredentialsProvider.create()).build());

    @Test
    void makesOneGateOfEachType() {
        CanarySpec spec = spec(GREEN, BLUE);

        assertThat(factory.create(new GateSpec.TargetHealth(null, null, null, null, 2), spec))
                .isInstanceOf(TargetHealthGate.class);
        assertThat(factory.create(new GateSpec.Alarms(null, null, null, List.of("green-5xx")), spec))
                .isInstanceOf(AlarmsGate.class);
        assertThat(factory.create(new GateSpec.MetricThreshold(null, null, null, GateSpec.Metric.ERROR_RATE, 5.0,
                null, null), spec)).isInstanceOf(MetricThresholdGate.class);
        assertThat(factory.create(new GateSpec.CompareToBlue(null, null, null, null, null, null, null), spec))
                .isInstanceOf(CompareToBlueGate.class);
        assertThat(factory.create(new GateSpec.TrafficShare(null, null, null, null, null, null), spec))
                .isInstanceOf(TrafficShareGate.class);
    }

    @Test
    void aMetricGateWithoutTheLoadBalancerItNeedsIsAnErrorNamingTheField() {
        CanarySpec spec = spec(GREEN, new ServiceSide("shop", "shop-blue", "arn:tg/blue", null));

        assertThatThrownBy(() -> factory.create(new GateSpec.TrafficShare("share", null, null, null, null, null), spec))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("blue.loadBalancer is required by gate share: the load balancer's"
                        + " CloudWatch dimension");
    }

    @Test
    void aLoadBalancerArnIsShortenedToItsCloudWatchDimension() {
        assertThat(LoadBalancers.dimensionOf(BLUE, "blue", "g")).isEqualTo("app/shop-blue/2");
        assertThat(LoadBalancers.dimensionOf(GREEN, "green", "g")).isEqualTo("app/shop-green/1");
    }

    @Test
    void anAlarmsGateWithoutAlarmsIsAnError() {
        assertThatThrownBy(() -> factory.create(new GateSpec.Alarms("alarms", null, null, List.of()), spec(GREEN, BLUE)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("gate alarms must name its CloudWatch alarms");
    }

    private static CanarySpec spec(ServiceSide green, ServiceSide blue) {
        return new CanarySpec("deploy-1", null, null, null, green, blue, null, null, List.of(), null);
    }

}
