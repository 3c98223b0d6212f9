package dev.ecscanary.aws.gates;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecscanary.engine.CanaryEngine;
import dev.ecscanary.engine.TickOutcome;
import dev.ecscanary.inmemory.SimulatedWorld;
import dev.ecscanary.spec.CanarySpec;
import dev.ecscanary.spec.DnsSpec;
import dev.ecscanary.spec.GateSpec;
import dev.ecscanary.spec.ServiceSide;
import dev.ecscanary.spec.StackSpec;
import dev.ecscanary.spec.StepSpec;
import dev.ecscanary.spec.Steps;
import dev.ecscanary.spec.Timeouts;
import dev.ecscanary.state.DeploymentRecord;
import dev.ecscanary.state.FailBack.Trigger;
import dev.ecscanary.state.Phase;
import dev.ecscanary.state.TaskObservation.ServiceKey;
import dev.ecscanary.state.Verdict;
import dev.ecscanary.view.DeploymentView;
import dev.ecscanary.testing.Stepper;
import dev.ecscanary.testkit.MotoExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.MetricDatum;
import software.amazon.awssdk.services.cloudwatch.model.StandardUnit;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;

/**
 * A whole canary whose compareToBlue gate reads the load balancers' metrics from CloudWatch (moto,
 * through the protocol bridge) while the engine runs in virtual time: each side's per-minute
 * requests, 5xx and response times are fed for the virtual minutes of the bake. Green failing
 * twice as often as blue is failed back; green as good as blue is promoted.
 */
class JudgeEndToEndTest {

    @RegisterExtension
    static final MotoExtension moto = new MotoExtension();

    static final String GREEN_LB = "app/shop-green/50dc6c495c0c9188";
    static final String BLUE_LB = "app/shop-blue/7e1b3b2a9c4d5f60";

    final SimulatedWorld world = SimulatedWorld.builder().build();
    CloudWatchClient cloudWatch;
    ElasticLoadBalancingV2Client elb;

    @BeforeEach
    void gatesOnMotosCloudWatch() {
        cloudWatch = moto.cloudWatchBuilder()
                .overrideConfiguration(c -> c.addExecutionInterceptor(new PercentilesAsMaximum(
                        new CopyOnWriteArrayList<>())))
                .build();
        elb = moto.client(ElasticLoadBalancingV2Client.builder());
        world.gatesSeenByEngines(new AwsGateFactory(elb, cloudWatch));
        world.ecs.runningFrom(new ServiceKey("shop", "shop-green"), world.clock.instant());
    }

    @AfterEach
    void close() {
        cloudWatch.close();
        elb.close();
    }

    @Test
    void greenFailingTwiceAsOftenAsBlueIsFailedBack() {
        feed(1_000, 20, 3_000, 30);

        DeploymentRecord ended = run();

        assertThat(ended.phase()).isEqualTo(Phase.ROLLED_BACK);
        assertThat(ended.failBack().trigger()).isEqualTo(Trigger.GATE_FAILED);
        assertThat(ended.failBack().reason()).contains("compareToBlue");
        assertThat(ended.gates()).singleElement().satisfies(gate -> {
            assertThat(gate.message()).contains("error rate green 2%").contains("worse than the margin");
            assertThat(gate.measured().get("errorRateLowPoints")).isGreaterThan(0.5);
        });
    }

    @Test
    void greenAsGoodAsBlueIsPromotedOnceItServedItsMinimumSample() {
        feed(1_000, 10, 3_000, 30);

        DeploymentRecord ended = run();

        assertThat(ended.phase()).isEqualTo(Phase.PROMOTED);
        assertThat(DeploymentView.of(ended, world.clock.instant()).steps().get(0).evidence()).singleElement()
                .satisfies(evidence -> {
                    assertThat(evidence.verdict()).isEqualTo(Verdict.PASS);
                    assertThat(evidence.message()).contains("error rate green 1%").contains("within the margin")
                            .contains("within what is allowed");
                    assertThat(evidence.measured().get("greenRequests")).isGreaterThanOrEqualTo(5_000.0);
                });
    }

    DeploymentRecord run() {
        CanaryEngine engine = world.engine("driver-a");
        engine.start(spec());
        TickOutcome outcome = Stepper.tickToEnd(engine, world.clock, "web-1");
        return outcome.record();
    }

    /** Every virtual minute of the next three hours: each side's requests and 5xx, and a p99 of 200 ms. */
    void feed(long greenRequests, long greenErrors, long blueRequests, long blueErrors) {
        Instant first = world.clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MINUTES);
        for (int minute = 0; minute < 180; minute++) {
            Instant at = first.plusSeconds(60L * minute);
            List<MetricDatum> data = new ArrayList<>();
            data.addAll(side(GREEN_LB, at, greenRequests, greenErrors, minute % 2 == 0 ? 0.198 : 0.202));
            data.addAll(side(BLUE_LB, at, blueRequests, blueErrors, minute % 2 == 0 ? 0.202 : 0.198));
            cloudWatch.putMetricData(r -> r.namespace("AWS/ApplicationELB").metricData(data));
        }
    }

    static List<MetricDatum> side(String loadBalancer, Instant at, long requests, long errors, double seconds) {
        Dimension dimension = Dimension.builder().name("LoadBalancer").value(loadBalancer).build();
        return List.of(
                MetricDatum.builder().metricName("RequestCount").dimensions(dimension).timestamp(at)
                        .value((double) requests).unit(StandardUnit.COUNT).build(),
                MetricDatum.builder().metricName("HTTPCode_Target_5XX_Count").dimensions(dimension).timestamp(at)
                        .value((double) errors).unit(StandardUnit.COUNT).build(),
                MetricDatum.builder().metricName("TargetResponseTime").dimensions(dimension).timestamp(at)
                        .value(seconds).unit(StandardUnit.SECONDS).build());
    }

    /** One 25 % step baking 20 minutes, then 100 %; compareToBlue with a half-point margin and a 5,000-request sample. */
    static CanarySpec spec() {
        return new CanarySpec("web-1", "ecs-canary-state", "us-east-1",
                new DnsSpec("Z0TESTZONE", "shop.example.test", "blue", "green", null, Duration.ofSeconds(20)),
                new ServiceSide("shop", "shop-green",
                        "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/g/1", GREEN_LB),
                new ServiceSide("shop", "shop-blue",
                        "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/b/1", BLUE_LB),
                List.of(new StackSpec("shop-green", "https://example.test/service.yaml", Map.of())),
                Steps.of(StepSpec.of(25, Duration.ofMinutes(20), false), StepSpec.of(100, Duration.ZERO, false)),
                List.of(new GateSpec.CompareToBlue(null, Duration.ofMinutes(1), null, 0.5, 20.0, 5_000, null)),
                Timeouts.DEFAULTS);
    }
}
