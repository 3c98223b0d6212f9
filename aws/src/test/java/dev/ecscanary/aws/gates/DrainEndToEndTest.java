package dev.ecscanary.aws.gates;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecscanary.engine.CanaryEngine;
import dev.ecscanary.inmemory.SimulatedTraffic;
import dev.ecscanary.inmemory.SimulatedWorld;
import dev.ecscanary.port.Gate.GateResult;
import dev.ecscanary.port.TrafficMeter;
import dev.ecscanary.spec.ServiceSide;
import dev.ecscanary.state.DeploymentRecord;
import dev.ecscanary.state.DrainResult;
import dev.ecscanary.state.DrainResult.Status;
import dev.ecscanary.state.Phase;
import dev.ecscanary.state.TaskObservation.ServiceKey;
import dev.ecscanary.testing.Specs;
import dev.ecscanary.testing.Stepper;
import dev.ecscanary.testkit.MotoExtension;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.MetricDatum;
import software.amazon.awssdk.services.cloudwatch.model.StandardUnit;

/**
 * The drain check reading both load balancers' RequestCount and NewConnectionCount from CloudWatch
 * (moto, through the protocol bridge) while the engine runs in virtual time. Clients are simulated
 * (as the weights Route53 held each minute, with a stale tail on the drained side) and published to
 * moto minute by minute, up to the minute each read asks for, as ALBs publish them.
 */
class DrainEndToEndTest {

    @RegisterExtension
    static final MotoExtension moto = new MotoExtension();

    final SimulatedWorld world = SimulatedWorld.builder().build();
    CloudWatchClient cloudWatch;
    Instant fedUntil;

    @BeforeEach
    void metersOnMotosCloudWatch() {
        cloudWatch = moto.cloudWatchBuilder().build();
        world.ecs.runningFrom(new ServiceKey("shop", "shop-green"), world.clock.instant());
        fedUntil = world.clock.instant().minus(20, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.MINUTES);
    }

    @AfterEach
    void close() {
        cloudWatch.close();
    }

    @Test
    void clientsThatLeftBlueAfterThePromotionAreMeasuredDrained() {
        DeploymentRecord done = run(new SimulatedTraffic(world.route53, "shop-blue", 3_000, 0, 0));

        assertThat(done.phase()).isEqualTo(Phase.PROMOTED);
        DrainResult result = done.drain().result();
        assertThat(result.status()).isEqualTo(Status.DRAINED);
        assertThat(result.drainedRequests()).isZero();
        assertThat(result.requests()).isEqualTo(3_000L * result.minutes());
    }

    @Test
    void clientsStillOnGreenAfterAFailBackAreMeasuredWithTheirNewConnections() {
        world.gates.script("targetHealth", c -> c.weights().green() >= 50 ? GateResult.fail("1/2 healthy")
                : GateResult.pass("2/2 healthy"));

        DeploymentRecord done = run(new SimulatedTraffic(world.route53, "shop-blue", 3_000, 4, 12));

        assertThat(done.phase()).isEqualTo(Phase.ROLLED_BACK);
        DrainResult result = done.drain().result();
        assertThat(result.status()).isEqualTo(Status.NOT_DRAINED);
        assertThat(result.stale().requestsPerMinute()).isEqualTo(120.0);
        assertThat(result.stale().sharePercent()).isEqualTo(4.0);
        assertThat(result.stale().newConnectionsPerMinute()).isEqualTo(12.0);
        assertThat(result.stale().staleDnsRequestsPerMinute()).isEqualTo(120.0);
    }

    DeploymentRecord run(SimulatedTraffic clients) {
        TrafficMeter cloudWatchMeter = new CloudWatchTrafficMeter(cloudWatch);
        TrafficMeter published = (side, from, to) -> {
            publishUntil(clients, world.clock.instant());
            return cloudWatchMeter.perMinute(side, from, to);
        };
        CanaryEngine engine = world.traffic(published).engine("driver-a");
        engine.start(Specs.canary("web-1"));
        return Stepper.tickToEnd(engine, world.clock, "web-1").record();
    }

    /** Each minute over by {@code now} and not published yet, for both load balancers, as the clients sent it. */
    void publishUntil(SimulatedTraffic clients, Instant now) {
        for (Instant minute = fedUntil; !minute.plus(1, ChronoUnit.MINUTES).isAfter(now);
             minute = minute.plus(1, ChronoUnit.MINUTES)) {
            List<MetricDatum> data = new ArrayList<>();
            for (ServiceSide side : List.of(Specs.canary("any").blue(), Specs.canary("any").green())) {
                TrafficMeter.MinuteTraffic traffic = clients.perMinute(side, minute, minute.plusSeconds(60)).get(0);
                Dimension lb = Dimension.builder().name("LoadBalancer").value(side.loadBalancer()).build();
                if (traffic.requests() > 0) {
                    data.add(MetricDatum.builder().metricName("RequestCount").dimensions(lb).timestamp(minute)
                            .value((double) traffic.requests()).unit(StandardUnit.COUNT).build());
                }
                if (traffic.newConnections() > 0) {
                    data.add(MetricDatum.builder().metricName("NewConnectionCount").dimensions(lb).timestamp(minute)
                            .value((double) traffic.newConnections()).unit(StandardUnit.COUNT).build());
                }
            }
            if (!data.isEmpty()) {
                cloudWatch.putMetricData(r -> r.namespace("AWS/ApplicationELB").metricData(data));
            }
            fedUntil = minute.plus(1, ChronoUnit.MINUTES);
        }
    }
}
