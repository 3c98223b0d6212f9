package dev.ecscanary.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecscanary.inmemory.SimulatedWorld;
import dev.ecscanary.spec.CanarySpec;
import dev.ecscanary.spec.DnsSpec;
import dev.ecscanary.state.DeploymentRecord;
import dev.ecscanary.state.HistoryEvent.WeightsWritten;
import dev.ecscanary.state.Phase;
import dev.ecscanary.state.TaskObservation.ServiceKey;
import dev.ecscanary.testing.Specs;
import dev.ecscanary.testing.Stepper;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Every Route53 call spends a budget the whole account shares. A written change is looked at when
 * the spec expects it in sync (three quarters of {@code dns.propagation}, then every quarter), on a
 * schedule kept from when it was written: a tick for another reason asks Route53 nothing.
 */
class Route53PacingTest {

    /** Route53 takes 50 s here. */
    final SimulatedWorld world = SimulatedWorld.builder().propagation(Duration.ofSeconds(50)).build();
    final CanaryEngine engine = world.engine("driver-a");

    Route53PacingTest() {
        world.ecs.runningFrom(new ServiceKey("shop", "shop-green"), world.clock.instant());
    }

    @Test
    void aChangeIsFirstLookedAtByThreeQuartersOfItsExpectedPropagationThenEveryQuarter() {
        engine.start(expecting(Duration.ofSeconds(60)));
        DeploymentRecord written = shifted();
        Instant at = writtenAt(written);

        Stepper.tickUntil(engine, world.clock, "web-1", r -> r.phase() == Phase.SETTLING);

        assertThat(world.route53.syncLooks()).containsExactly(at.plusSeconds(45), at.plusSeconds(60));
    }

    @Test
    void aTickBeforeTheLookIsDueAsksRoute53Nothing() {
        engine.start(expecting(Duration.ofSeconds(60)));
        Instant at = writtenAt(shifted());

        world.clock.advanceTo(at.plusSeconds(30));
        TickOutcome early = engine.tick("web-1");

        assertThat(world.route53.syncLooks()).isEmpty();
        assertThat(early).isInstanceOfSatisfying(TickOutcome.Waiting.class,
                waiting -> assertThat(waiting.until()).isEqualTo(at.plusSeconds(45)));
    }

    @Test
    void aSpecExpectingFastPropagationIsLookedAtSooner() {
        engine.start(expecting(Duration.ofSeconds(20)));
        Instant at = writtenAt(shifted());

        Stepper.tickUntil(engine, world.clock, "web-1", r -> r.phase() == Phase.SETTLING);

        assertThat(world.route53.syncLooks()).containsExactly(at.plusSeconds(15), at.plusSeconds(20),
                at.plusSeconds(25), at.plusSeconds(30), at.plusSeconds(35), at.plusSeconds(40), at.plusSeconds(45),
                at.plusSeconds(50));
    }

    static CanarySpec expecting(Duration propagation) {
        CanarySpec spec = Specs.canary("web-1");
        DnsSpec dns = spec.dns();
        return spec.withDns(new DnsSpec(dns.hostedZoneId(), dns.recordName(), dns.blueSetIdentifier(),
                dns.greenSetIdentifier(), dns.ttl(), propagation));
    }

    DeploymentRecord shifted() {
        return Stepper.tickUntil(engine, world.clock, "web-1", r -> r.phase() == Phase.SHIFTING && r.changeId() != null);
    }

    static Instant writtenAt(DeploymentRecord record) {
        return record.history().stream().filter(e -> e.event() instanceof WeightsWritten).reduce((a, b) -> b)
                .orElseThrow().at();
    }
}
