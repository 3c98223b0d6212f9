package dev.ecscanary.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecscanary.inmemory.SimulatedWorld;
import dev.ecscanary.state.DeploymentRecord;
import dev.ecscanary.state.HistoryEvent;
import dev.ecscanary.state.HistoryEntry;
import dev.ecscanary.state.Phase;
import dev.ecscanary.state.TaskObservation.ServiceKey;
import dev.ecscanary.testing.Specs;
import dev.ecscanary.testing.Stepper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/** One driver at a time: the lease decides, through conditional writes. */
class LeaseTest {

    static final ServiceKey GREEN = new ServiceKey("shop", "shop-green");

    @RepeatedTest(50)
    void twoDriversRacingForOneDeploymentOneActs() throws Exception {
        SimulatedWorld world = SimulatedWorld.builder().build();
        world.ecs.runningFrom(GREEN, world.clock.instant());
        CanaryEngine a = world.engine("driver-a");
        CanaryEngine b = world.engine("driver-b");
        a.start(Specs.canary("web-1"));
        CyclicBarrier together = new CyclicBarrier(2);
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            List<Future<List<TickOutcome>>> runs = new ArrayList<>();
            for (CanaryEngine engine : List.of(a, b)) {
                runs.add(threads.submit(() -> {
                    together.await();
                    List<TickOutcome> outcomes = new ArrayList<>();
                    for (int i = 0; i < 20; i++) {
                        outcomes.add(engine.tick("web-1"));
                    }
                    return outcomes;
                }));
            }
            for (Future<List<TickOutcome>> run : runs) {
                run.get();
            }
        } finally {
            threads.shutdownNow();
        }

        DeploymentRecord record = a.load("web-1");
        List<String> actors = record.history().stream().skip(1).map(HistoryEntry::by).distinct().toList();
        assertThat(actors).hasSize(1).containsExactly(record.lease().owner());
        assertThat(world.route53.writes()).hasSizeLessThanOrEqualTo(1);
    }

    @Test
    void aSecondDriverSeesTheDeploymentHeldAndDoesNothing() {
        SimulatedWorld world = SimulatedWorld.builder().build();
        CanaryEngine a = world.engine("driver-a");
        a.start(Specs.canary("web-1"));
        a.tick("web-1");
        long version = a.load("web-1").version();

        TickOutcome seenByB = world.engine("driver-b").tick("web-1");

        assertThat(seenByB).isInstanceOfSatisfying(TickOutcome.Held.class,
                held -> assertThat(held.lease().owner()).isEqualTo("driver-a"));
        assertThat(a.load("web-1").version()).isEqualTo(version);
    }

    @Test
    void whenADriverDiesAnotherResumesWhereItStoppedOnceTheLeaseExpires() {
        SimulatedWorld world = SimulatedWorld.builder().build();
        world.ecs.runningFrom(GREEN, world.clock.instant());
        CanaryEngine a = world.engine("driver-a");
        a.start(Specs.canary("web-1"));
        DeploymentRecord abandoned = Stepper.tickUntil(a, world.clock, "web-1",
                r -> r.phase() == Phase.BAKING && r.step() == 1);
        CanaryEngine b = world.engine("driver-b");

        assertThat(b.tick("web-1")).isInstanceOf(TickOutcome.Held.class);
        world.clock.advance(Duration.ofSeconds(61));
        DeploymentRecord done = Stepper.tickToEnd(b, world.clock, "web-1").record();

        assertThat(done.phase()).isEqualTo(Phase.PROMOTED);
        assertThat(done.history()).anySatisfy(e -> {
            assertThat(e.event()).isInstanceOfSatisfying(HistoryEvent.TookOver.class,
                    t -> assertThat(t.previousOwner()).isEqualTo("driver-a"));
            assertThat(e.by()).isEqualTo("driver-b");
            assertThat(e.text()).startsWith("driver-b took over from driver-a");
        });
        assertThat(world.route53.writes()).hasSize(4);
        assertThat(abandoned.weights().green()).isEqualTo(25);
    }

    @Test
    void aDriverKeepsItsLeaseWhileWaitingLong() {
        SimulatedWorld world = SimulatedWorld.builder().build();
        world.ecs.runningFrom(GREEN, world.clock.instant());
        CanaryEngine a = world.engine("driver-a");
        a.start(Specs.canary("web-1"));
        var done = world.driver(a).drive("web-1");
        CanaryEngine b = world.engine("driver-b");

        for (int minute = 0; minute < 20; minute++) {
            world.scheduler.runUntil(world.clock.instant().plus(Duration.ofMinutes(1)));
            assertThat(b.tick("web-1")).isInstanceOfAny(TickOutcome.Held.class, TickOutcome.Finished.class);
        }
        world.scheduler.runAll();
        assertThat(done.join().record().phase()).isEqualTo(Phase.PROMOTED);
    }
}
