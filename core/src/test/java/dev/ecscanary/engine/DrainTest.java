package dev.ecscanary.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecscanary.inmemory.SimulatedTraffic;
import dev.ecscanary.inmemory.SimulatedWorld;
import dev.ecscanary.report.HtmlReport;
import dev.ecscanary.port.Gate.GateResult;
import dev.ecscanary.spec.CanarySpec;
import dev.ecscanary.spec.DrainSpec;
import dev.ecscanary.state.DeploymentRecord;
import dev.ecscanary.state.DrainResult;
import dev.ecscanary.state.DrainResult.Status;
import dev.ecscanary.state.HistoryEntry;
import dev.ecscanary.state.HistoryEvent.DrainChecked;
import dev.ecscanary.state.HistoryEvent.InSync;
import dev.ecscanary.state.HistoryEvent.Promoted;
import dev.ecscanary.state.HistoryEvent.RolledBack;
import dev.ecscanary.state.Phase;
import dev.ecscanary.state.TaskObservation.ServiceKey;
import dev.ecscanary.testing.Specs;
import dev.ecscanary.testing.Stepper;
import dev.ecscanary.view.DeploymentView;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * After the promotion (blue at weight 0) and after a fail-back (green at weight 0), the drained
 * side's load balancer is watched for the drain window: whether clients really left it is part of
 * the record; the outcome stays what was decided.
 */
class DrainTest {

    static final ServiceKey GREEN = new ServiceKey("shop", "shop-green");

    final SimulatedWorld world = SimulatedWorld.builder().build();

    DrainTest() {
        world.ecs.runningFrom(GREEN, world.clock.instant());
    }

    CanaryEngine engineWithClients(double staleSharePercent, long staleNewConnections) {
        return engineWithClients(6_000, staleSharePercent, staleNewConnections);
    }

    CanaryEngine engineWithClients(long requestsPerMinute, double staleSharePercent, long staleNewConnections) {
        return world.traffic(new SimulatedTraffic(world.route53, "shop-blue", requestsPerMinute, staleSharePercent,
                staleNewConnections)).engine("driver-a");
    }

    @Test
    void afterThePromotionBlueIsWatchedAndTheDeploymentEndsPromotedWithTheDrainInItsRecord() {
        CanaryEngine engine = engineWithClients(0, 0);
        engine.start(Specs.canary("web-1"));

        DeploymentRecord draining = Stepper.tickUntil(engine, world.clock, "web-1", r -> r.phase() == Phase.DRAINING);
        DeploymentRecord done = Stepper.tickToEnd(engine, world.clock, "web-1").record();

        assertThat(draining.isPromoted()).as("nothing to fail back to while blue drains").isTrue();
        assertThat(draining.drain().drainedSide()).isEqualTo("blue");
        assertThat(draining.drain().since()).isEqualTo(lastInSync(draining));
        assertThat(draining.drain().window()).as("the default: 5m, longer than twice the TTL and 3m")
                .isEqualTo(Duration.ofMinutes(5));
        assertThat(DeploymentView.of(draining, draining.updatedAt()).headline())
                .startsWith("promoted: green serves 100%; checking that clients left blue");
        assertThat(done.phase()).isEqualTo(Phase.PROMOTED);
        DrainResult result = done.drain().result();
        assertThat(result.status()).isEqualTo(Status.DRAINED);
        assertThat(result.drainedRequests()).isZero();
        assertThat(result.effectiveAt()).isEqualTo(draining.drain().since());
        assertThat(result.minutes()).isBetween(5, 6);
        assertThat(done.updatedAt()).as("once the window and CloudWatch's delay are over")
                .isEqualTo(draining.drain().readyAt());
        assertThat(done.history()).extracting(HistoryEntry::phase).endsWith(Phase.DRAINING, Phase.PROMOTED);
        assertThat(entry(done, Promoted.class).phase()).isEqualTo(Phase.DRAINING);
        assertThat(entry(done, DrainChecked.class).text()).startsWith("drain check of blue: drained - blue's share "
                + "of requests fell to 1% or less as soon as Route53 served the change and stayed there: 0 of ");
    }

    @Test
    void clientsThatStayOnGreenAfterAFailBackAreRecordedAsStaleDnsAndTheOutcomeStaysRolledBack() {
        CanaryEngine engine = engineWithClients(3, 20);
        world.gates.script("targetHealth", c -> c.weights().green() >= 25 ? GateResult.fail("1/2 healthy")
                : GateResult.pass("2/2 healthy"));
        engine.start(Specs.canary("web-1"));

        DeploymentRecord done = Stepper.tickToEnd(engine, world.clock, "web-1").record();

        assertThat(done.phase()).isEqualTo(Phase.ROLLED_BACK);
        assertThat(entry(done, RolledBack.class).phase()).isEqualTo(Phase.DRAINING);
        DrainResult result = done.drain().result();
        assertThat(done.drain().drainedSide()).isEqualTo("green");
        assertThat(result.status()).isEqualTo(Status.NOT_DRAINED);
        assertThat(result.effectiveAt()).isNull();
        assertThat(result.stale().sharePercent()).isEqualTo(3.0);
        assertThat(result.stale().requestsPerMinute()).isEqualTo(180.0);
        assertThat(result.stale().staleDnsRequestsPerMinute()).isEqualTo(180.0);
        assertThat(result.stale().keepAliveRequestsPerMinute()).isZero();
        assertThat(result.stale().newConnectionsPerMinute()).isEqualTo(20.0);
        assertThat(result.message()).isEqualTo("green still received 3% of requests (more than 1%), 180 per minute "
                + "from twice the TTL after the change on: 180 in minutes with new connections (stale DNS answers), "
                + "0.0 on connections kept alive");
    }

    @Test
    void theReportShowsTheDrainCheckMinuteByMinute() {
        CanaryEngine engine = engineWithClients(3, 20);
        world.gates.script("targetHealth", c -> c.weights().green() >= 25 ? GateResult.fail("1/2 healthy")
                : GateResult.pass("2/2 healthy"));
        engine.start(Specs.canary("web-1"));
        DeploymentRecord done = Stepper.tickToEnd(engine, world.clock, "web-1").record();

        String report = HtmlReport.render(DeploymentView.of(done, world.clock.instant()));

        assertThat(report).contains("<dt>Drain check</dt><dd><strong class=\"bad\">not drained</strong> \u2014 green "
                        + "still received 3% of requests")
                .contains("<h2>Drain check of green</h2>")
                .contains("180 requests a minute (3%), of them 180 in minutes with new connections (stale DNS) and 0 on "
                        + "kept-alive connections; 20 new connections a minute.")
                .contains("<td>180</td><td>5820</td><td>3%</td><td>20</td>");
    }

    @Test
    void clientsPinnedByKeepAliveAreToldFromStaleDns() {
        CanaryEngine engine = engineWithClients(2, 0);
        engine.start(Specs.canary("web-1"));

        DrainResult result = Stepper.tickToEnd(engine, world.clock, "web-1").record().drain().result();

        assertThat(result.status()).isEqualTo(Status.NOT_DRAINED);
        assertThat(result.stale().keepAliveRequestsPerMinute()).isEqualTo(120.0);
        assertThat(result.stale().staleDnsRequestsPerMinute()).isZero();
    }

    @Test
    void withoutAnyTrafficThereIsNothingToVerifyAndTheDeploymentEndsAtOnce() {
        CanaryEngine engine = engineWithClients(0, 0, 0);
        engine.start(Specs.canary("web-1"));

        DeploymentRecord done = Stepper.tickToEnd(engine, world.clock, "web-1").record();

        assertThat(done.phase()).isEqualTo(Phase.PROMOTED);
        assertThat(done.drain().result().status()).isEqualTo(Status.NO_TRAFFIC);
        assertThat(done.updatedAt()).isEqualTo(entry(done, Promoted.class).at());
    }

    @Test
    void drainOffEndsAsBefore() {
        CanaryEngine engine = engineWithClients(0, 0);
        engine.start(Specs.canary("web-1").withDrain(DrainSpec.OFF));

        DeploymentRecord done = Stepper.tickToEnd(engine, world.clock, "web-1").record();

        assertThat(done.phase()).isEqualTo(Phase.PROMOTED);
        assertThat(done.drain()).isNull();
        assertThat(done.history()).noneMatch(e -> e.phase() == Phase.DRAINING);
    }

    @Test
    void anAbortDuringTheDrainCheckEndsItWithWhatWasMeasuredAndKeepsTheOutcome() {
        CanaryEngine engine = engineWithClients(0, 0);
        engine.start(Specs.canary("web-1").withDrain(new DrainSpec(true, Duration.ofMinutes(30), null)));
        Stepper.tickUntil(engine, world.clock, "web-1", r -> r.phase() == Phase.DRAINING);
        world.clock.advance(Duration.ofMinutes(3));

        world.engine("ops").requestAbort("web-1", "dave", "enough");
        DeploymentRecord done = Stepper.tickToEnd(engine, world.clock, "web-1").record();

        assertThat(done.phase()).isEqualTo(Phase.PROMOTED);
        assertThat(done.failBack()).isNull();
        assertThat(done.drain().result().cutShortBy()).isEqualTo("dave");
        assertThat(done.drain().result().status()).isEqualTo(Status.DRAINED);
        assertThat(world.route53.writes()).last().isEqualTo(dev.ecscanary.spec.Weights.ALL_GREEN);
    }

    @Test
    void loadBalancersThatCannotBeReadEndTheCheckUnmeasuredNeverFailingBack() {
        SimulatedTraffic clients = new SimulatedTraffic(world.route53, "shop-blue", 6_000, 0, 0);
        CanaryEngine engine = world.traffic(clients).engine("driver-a");
        engine.start(Specs.canary("web-1"));
        Stepper.tickUntil(engine, world.clock, "web-1", r -> r.phase() == Phase.DRAINING);

        clients.failWith(new IllegalStateException("CloudWatch: AccessDenied"));
        DeploymentRecord done = Stepper.tickToEnd(engine, world.clock, "web-1").record();

        assertThat(done.phase()).isEqualTo(Phase.PROMOTED);
        assertThat(done.drain().result().status()).isEqualTo(Status.UNMEASURED);
        assertThat(done.drain().result().message()).contains("CloudWatch: AccessDenied");
    }

    @Test
    void loadBalancersThatCannotBeReadWhenTheOutcomeIsDecidedEndTheCheckAtOnce() {
        SimulatedTraffic clients = new SimulatedTraffic(world.route53, "shop-blue", 6_000, 0, 0);
        clients.failWith(new IllegalStateException("CloudWatch: HTTP 404"));
        CanaryEngine engine = world.traffic(clients).engine("driver-a");
        engine.start(Specs.canary("web-1"));

        DeploymentRecord done = Stepper.tickToEnd(engine, world.clock, "web-1").record();

        assertThat(done.phase()).isEqualTo(Phase.PROMOTED);
        assertThat(done.drain().result().status()).isEqualTo(Status.UNMEASURED);
        assertThat(done.updatedAt()).isEqualTo(entry(done, Promoted.class).at());
    }

    @Test
    void aDeploymentOrphanedDuringItsDrainCheckIsEndedAsDecidedNeverFailedBack() {
        CanaryEngine driver = engineWithClients(0, 0);
        driver.start(Specs.canary("web-1").withDrain(new DrainSpec(true, Duration.ofHours(1), null)));
        DeploymentRecord draining = Stepper.tickUntil(driver, world.clock, "web-1", r -> r.phase() == Phase.DRAINING);
        world.clock.advanceTo(draining.lease().expiresAt().plus(Duration.ofMinutes(16)));

        CanaryEngine watchdog = world.engine("watchdog");
        assertThat(watchdog.claimOrphan("web-1", dev.ecscanary.spec.OrphanPolicy.DEFAULTS)).isPresent();
        DeploymentRecord done = Stepper.tickToEnd(watchdog, world.clock, "web-1").record();

        assertThat(done.phase()).isEqualTo(Phase.PROMOTED);
        assertThat(done.failBack()).isNull();
        assertThat(done.drain().result().cutShortBy()).isEqualTo("watchdog");
        assertThat(world.route53.currentWeights(done.spec().dns())).isEqualTo(dev.ecscanary.spec.Weights.ALL_GREEN);
        assertThat(done.history()).anySatisfy(e -> assertThat(e.text())
                .isEqualTo("end of the drain check requested by watchdog: orphaned: the watchdog ends its drain "
                        + "check (its outcome is decided)"));
    }

    private static Instant lastInSync(DeploymentRecord r) {
        List<HistoryEntry> syncs = r.history().stream().filter(e -> e.is(InSync.class)).toList();
        return syncs.get(syncs.size() - 1).at();
    }

    private static HistoryEntry entry(DeploymentRecord r, Class<? extends dev.ecscanary.state.HistoryEvent> kind) {
        return r.history().stream().filter(e -> e.is(kind)).findFirst().orElseThrow();
    }
}
