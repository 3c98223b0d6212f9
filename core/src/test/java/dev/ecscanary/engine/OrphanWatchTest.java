package dev.ecscanary.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecscanary.engine.CanaryEngine.OrphanClaim;
import dev.ecscanary.inmemory.SimulatedWorld;
import dev.ecscanary.spec.CanarySpec;
import dev.ecscanary.spec.OrphanPolicy;
import dev.ecscanary.spec.OrphanPolicy.Action;
import dev.ecscanary.spec.Weights;
import dev.ecscanary.state.DeploymentRecord;
import dev.ecscanary.state.FailBack.Trigger;
import dev.ecscanary.state.HistoryEntry;
import dev.ecscanary.state.HistoryEvent.Orphaned;
import dev.ecscanary.state.HistoryEvent.TookOver;
import dev.ecscanary.state.Phase;
import dev.ecscanary.state.TaskObservation.ServiceKey;
import dev.ecscanary.testing.Specs;
import dev.ecscanary.testing.Stepper;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The watchdog: a deployment whose driver is gone for good is failed back, resumed or alerted, once. */
class OrphanWatchTest {

    static final ServiceKey GREEN = new ServiceKey("shop", "shop-green");
    static final Duration GRACE = Duration.ofMinutes(15);
    static final Duration LOOK_EVERY = Duration.ofMinutes(1);

    final SimulatedWorld world = SimulatedWorld.builder().build();
    final CanaryEngine driver = world.engine("ci-agent-7");
    final CanaryEngine watchdogEngine = world.engine("watchdog-1");
    final OrphanWatch watchdog = new OrphanWatch(watchdogEngine, world.store,
            new OrphanPolicy(GRACE, Action.FAIL_BACK), world.clock);

    /** The driver gets to 25 % green and dies mid-bake: nobody renews its lease any more. */
    DeploymentRecord driverDiesMidBake(CanarySpec spec) {
        world.ecs.runningFrom(GREEN, world.clock.instant());
        driver.start(spec);
        return Stepper.tickUntil(driver, world.clock, spec.deploymentId(),
                r -> r.phase() == Phase.BAKING && r.step() == 1);
    }

    /** Looks every minute until something is claimed, or gives up after {@code atMost}. */
    List<OrphanClaim> lookEveryMinute(OrphanWatch watch, Duration atMost) {
        Instant until = world.clock.instant().plus(atMost);
        while (world.clock.instant().isBefore(until)) {
            List<OrphanClaim> claimed = watch.look();
            if (!claimed.isEmpty()) {
                return claimed;
            }
            world.clock.advance(LOOK_EVERY);
        }
        return List.of();
    }

    @Test
    void aDriverThatDiedMidBakeIsFailedBackWithinTheGracePlusOneLook() {
        DeploymentRecord abandoned = driverDiesMidBake(Specs.canary("web-1"));
        Instant leaseExpired = abandoned.lease().expiresAt();

        List<OrphanClaim> claimed = lookEveryMinute(watchdog, Duration.ofHours(1));
        DeploymentRecord done = Stepper.tickToEnd(watchdogEngine, world.clock, "web-1").record();

        assertThat(claimed).singleElement().satisfies(c -> assertThat(c.policy().action()).isEqualTo(Action.FAIL_BACK));
        assertThat(claimed.get(0).record().updatedAt()).isBetween(leaseExpired.plus(GRACE),
                leaseExpired.plus(GRACE).plus(LOOK_EVERY));
        assertThat(done.phase()).isEqualTo(Phase.ROLLED_BACK);
        assertThat(done.failBack().trigger()).isEqualTo(Trigger.ABORTED);
        assertThat(world.route53.currentWeights(Specs.canary("web-1").dns())).isEqualTo(Weights.ALL_BLUE);
        assertThat(done.history()).filteredOn(e -> e.event() instanceof Orphaned).singleElement().satisfies(e -> {
            assertThat(e.by()).isEqualTo("watchdog-1");
            assertThat(e.text()).startsWith("orphaned: the lease of ci-agent-7 expired at " + leaseExpired
                    + ", more than 15m ago; the watchdog watchdog-1 fails it back");
        });
        assertThat(done.history()).anySatisfy(e -> assertThat(e.event()).isEqualTo(
                new TookOver("ci-agent-7", leaseExpired)));
    }

    @Test
    void aLiveDriverIsNeverTouched() {
        world.ecs.runningFrom(GREEN, world.clock.instant());
        driver.start(Specs.canary("web-2"));
        TickOutcome outcome = driver.tick("web-2");
        while (!(outcome instanceof TickOutcome.Finished)) {
            assertThat(watchdog.look()).as("looking at %s", outcome.record().phase()).isEmpty();
            if (outcome instanceof TickOutcome.Waiting waiting) {
                world.clock.advanceTo(waiting.until());
            }
            outcome = driver.tick("web-2");
        }

        assertThat(outcome.record().phase()).isEqualTo(Phase.PROMOTED);
        assertThat(outcome.record().history()).noneMatch(e -> e.event() instanceof Orphaned);
    }

    @Test
    void twoWatchdogsLookingAtOnceActOnce() throws Exception {
        driverDiesMidBake(Specs.canary("web-3"));
        world.clock.advance(GRACE.plus(Duration.ofMinutes(2)));
        OrphanWatch other = new OrphanWatch(world.engine("watchdog-2"), world.store,
                new OrphanPolicy(GRACE, Action.FAIL_BACK), world.clock);

        CountDownLatch start = new CountDownLatch(1);
        ExecutorService both = Executors.newFixedThreadPool(2);
        List<Future<List<OrphanClaim>>> looks = new ArrayList<>();
        try {
            for (OrphanWatch watch : List.of(watchdog, other)) {
                Callable<List<OrphanClaim>> look = () -> {
                    start.await();
                    return watch.look();
                };
                looks.add(both.submit(look));
            }
            start.countDown();
            int claims = 0;
            for (Future<List<OrphanClaim>> look : looks) {
                claims += look.get(10, TimeUnit.SECONDS).size();
            }
            assertThat(claims).isEqualTo(1);
        } finally {
            both.shutdownNow();
        }
        DeploymentRecord after = world.store.load("web-3").orElseThrow();
        assertThat(after.history()).filteredOn(e -> e.event() instanceof Orphaned).hasSize(1);
        assertThat(after.history()).filteredOn(e -> e.event() instanceof TookOver).hasSize(1);
    }

    @Test
    void anAlertIsRecordedOnceAndLeavesTrafficAndLeaseAlone() {
        CanarySpec spec = withOnOrphan(Specs.canary("web-4"), new OrphanPolicy(null, Action.ALERT));
        DeploymentRecord abandoned = driverDiesMidBake(spec);

        List<OrphanClaim> first = lookEveryMinute(watchdog, Duration.ofHours(1));
        world.clock.advance(Duration.ofMinutes(5));
        List<OrphanClaim> again = watchdog.look();

        assertThat(first).singleElement().satisfies(c -> assertThat(c.mustBeDriven()).isFalse());
        assertThat(again).isEmpty();
        DeploymentRecord after = world.store.load("web-4").orElseThrow();
        assertThat(after.lease()).isEqualTo(abandoned.lease());
        assertThat(after.phase()).isEqualTo(Phase.BAKING);
        assertThat(world.route53.currentWeights(spec.dns())).isEqualTo(new Weights(75, 25));
        assertThat(after.history()).filteredOn(e -> e.event() instanceof Orphaned).singleElement()
                .extracting(HistoryEntry::text).asString()
                .endsWith("alerts and leaves the traffic as it is until a person acts");
    }

    @Test
    void resumeTakesTheDeploymentOverAndDrivesItOn() {
        CanarySpec spec = withOnOrphan(Specs.canary("web-5"), new OrphanPolicy(null, Action.RESUME));
        driverDiesMidBake(spec);

        List<OrphanClaim> claimed = lookEveryMinute(watchdog, Duration.ofHours(1));
        DeploymentRecord done = Stepper.tickToEnd(watchdogEngine, world.clock, "web-5").record();

        assertThat(claimed).singleElement().satisfies(c -> assertThat(c.mustBeDriven()).isTrue());
        assertThat(done.phase()).isEqualTo(Phase.PROMOTED);
        assertThat(done.history()).last().extracting(HistoryEntry::by).isEqualTo("watchdog-1");
    }

    @Test
    void theSpecsGraceOverridesTheWatchdogsDefault() {
        CanarySpec spec = withOnOrphan(Specs.canary("web-6"), new OrphanPolicy(Duration.ofMinutes(40), null));
        DeploymentRecord abandoned = driverDiesMidBake(spec);

        world.clock.advanceTo(abandoned.lease().expiresAt().plus(Duration.ofMinutes(39)));
        assertThat(watchdog.look()).isEmpty();
        world.clock.advance(Duration.ofMinutes(2));
        assertThat(watchdog.look()).singleElement()
                .satisfies(c -> assertThat(c.policy()).isEqualTo(new OrphanPolicy(Duration.ofMinutes(40), Action.FAIL_BACK)));
    }

    static CanarySpec withOnOrphan(CanarySpec spec, OrphanPolicy onOrphan) {
        return new CanarySpec(spec.deploymentId(), spec.stateTable(), spec.region(), spec.dns(), spec.green(),
                spec.blue(), spec.stacks(), spec.steps(), spec.gates(), spec.timeouts(), onOrphan, null);
    }
}
