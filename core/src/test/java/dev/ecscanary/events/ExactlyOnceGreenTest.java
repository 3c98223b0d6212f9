package dev.ecscanary.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecscanary.engine.CanaryEngine;
import dev.ecscanary.engine.DeploymentDriver;
import dev.ecscanary.events.EcsEvents;
import dev.ecscanary.inmemory.SimulatedWorld;
import dev.ecscanary.state.DeploymentRecord;
import dev.ecscanary.state.Phase;
import dev.ecscanary.state.TaskObservation;
import dev.ecscanary.state.TaskObservation.ServiceKey;
import dev.ecscanary.testing.RecordingListener;
import dev.ecscanary.testing.Specs;
import dev.ecscanary.testing.Stepper;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;

/**
 * 1,000 deliveries of the green service's task events, duplicated, reordered and concurrent, with
 * noise from other services: green becomes RUNNING exactly once, and each task ends at its newest
 * version.
 */
class ExactlyOnceGreenTest {

    static final int DELIVERIES = 1_000;
    static final int TASKS = 3;
    static final String[] LIFECYCLE = {"PROVISIONING", "PENDING", "ACTIVATING", "RUNNING"};

    @RepeatedTest(20)
    void randomizedDuplicateReorderedConcurrentDeliveriesTriggerOnce(RepetitionInfo repetition) throws Exception {
        Random random = new Random(repetition.getCurrentRepetition());
        RecordingListener listener = new RecordingListener();
        SimulatedWorld world = SimulatedWorld.builder().desiredTasks(TASKS).build().listener(listener);
        CanaryEngine engine = world.engine("driver-a");
        engine.start(Specs.canary("web-1"));
        Stepper.tickUntil(engine, world.clock, "web-1", r -> r.phase() == Phase.AWAITING_GREEN && r.green().polledAt() != null);
        DeploymentDriver driver = new DeploymentDriver(engine, (at, task) -> () -> true, Runnable::run, world.clock);
        driver.drive("web-1");
        EcsEventIntake intake = world.intake(driver);

        List<String> deliveries = deliveries(random, world.clock.instant());
        Map<String, AtomicInteger> outcomes = new ConcurrentHashMap<>();
        ExecutorService relays = Executors.newFixedThreadPool(8);
        CountDownLatch done = new CountDownLatch(deliveries.size());
        for (String event : deliveries) {
            relays.execute(() -> {
                IntakeResult result = intake.accept(event);
                outcomes.computeIfAbsent(result.getClass().getSimpleName(), k -> new AtomicInteger()).incrementAndGet();
                done.countDown();
            });
        }
        assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
        relays.shutdown();

        DeploymentRecord record = engine.load("web-1");
        assertThat(record.phase()).isIn(Phase.GREEN_RUNNING, Phase.SHIFTING);
        assertThat(record.history()).filteredOn(e -> e.phase() == Phase.GREEN_RUNNING).hasSize(1);
        assertThat(listener.count(Phase.GREEN_RUNNING, "green is running")).isEqualTo(1);
        assertThat(outcomes).doesNotContainKey("Rejected");
        List<TaskObservation> green = world.store.observations(new ServiceKey("shop", "shop-green"));
        assertThat(green).hasSize(TASKS).allSatisfy(t -> {
            assertThat(t.version()).isEqualTo(LIFECYCLE.length);
            assertThat(t.lastStatus()).isEqualTo("RUNNING");
        });
        assertThat(outcomes.get("Recorded").get()).isBetween(TASKS, TASKS * LIFECYCLE.length
                + 2 * LIFECYCLE.length);
    }

    /** Every state of every task at least once, then random repeats, all shuffled. */
    private static List<String> deliveries(Random random, Instant now) {
        List<String> distinct = new ArrayList<>();
        for (int task = 0; task < TASKS; task++) {
            for (int version = 1; version <= LIFECYCLE.length; version++) {
                distinct.add(EcsEvents.taskStateChange("shop", "shop-green", "green-" + task, version,
                        LIFECYCLE[version - 1], now));
            }
        }
        for (int version = 1; version <= LIFECYCLE.length; version++) {
            distinct.add(EcsEvents.taskStateChange("shop", "shop-blue", "blue-0", version, LIFECYCLE[version - 1], now));
            distinct.add(EcsEvents.taskStateChange("other", "shop-green", "elsewhere-0", version,
                    LIFECYCLE[version - 1], now));
        }
        List<String> deliveries = new ArrayList<>(distinct);
        while (deliveries.size() < DELIVERIES) {
            deliveries.add(distinct.get(random.nextInt(distinct.size())));
        }
        Collections.shuffle(deliveries, random);
        return deliveries;
    }
}
