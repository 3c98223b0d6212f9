package dev.ecscanary.bench;

import dev.ecscanary.engine.CanaryEngine;
import dev.ecscanary.engine.DeploymentDriver;
import dev.ecscanary.engine.EngineSettings;
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
import dev.ecscanary.state.Phase;
import dev.ecscanary.state.TaskObservation.ServiceKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The longest deployment worth planning for: a day, in 20 steps, two gates every 10 seconds, in
 * virtual time. What its state costs in the table, item by item, as the DynamoDB store writes it.
 */
record LongDeployment(int hours, int steps, int gateIntervalSeconds, int writes, long bytesWritten,
                      int largestItemBytes, int historyEntries, int shareSamples) {

    static final int STEPS = 20;
    static final Duration DAY = Duration.ofHours(24);
    static final Duration GATE_INTERVAL = Duration.ofSeconds(10);
    static final Duration PROPAGATION = Duration.ofSeconds(20);
    static final Duration TTL = Duration.ofSeconds(60);

    static LongDeployment run() {
        SimulatedWorld world = SimulatedWorld.builder().propagation(PROPAGATION).ttl(TTL).desiredTasks(2).build();
        StoreFootprint footprint = new StoreFootprint(world.store);
        world.storeSeenByEngines(footprint);
        world.ecs.runningFrom(new ServiceKey("day", "svc-green"), world.clock.instant());
        CanaryEngine engine = world.engine("bench", EngineSettings.DEFAULTS);
        DeploymentDriver driver = world.driver(engine);
        engine.start(spec());
        var done = driver.drive("day-1");
        world.scheduler.runUntil(world.clock.instant().plus(DAY.multipliedBy(2)));
        DeploymentRecord record = done.join().record();
        if (record.phase() != Phase.PROMOTED) {
            throw new IllegalStateException("the day-long deployment ended " + record.phase() + ": " + record.lastError());
        }
        return new LongDeployment((int) DAY.toHours(), STEPS, (int) GATE_INTERVAL.toSeconds(), footprint.writes(),
                footprint.bytesWritten(), footprint.largestItemBytes(), record.history().size(),
                record.shareSamples().size());
    }

    /** Bakes that make the whole deployment last a day: each step's share of it, less propagation and TTL. */
    private static CanarySpec spec() {
        Duration bake = DAY.dividedBy(STEPS).minus(PROPAGATION).minus(TTL);
        List<StepSpec> steps = new ArrayList<>();
        for (int step = 1; step <= STEPS; step++) {
            steps.add(StepSpec.of(100.0 * step / STEPS, bake, false));
        }
        return new CanarySpec("day-1", "bench-state", "us-east-1",
                new DnsSpec("Z0BENCH", "day.bench.test", "blue", "green", null, PROPAGATION),
                new ServiceSide("day", "svc-green", "arn:aws:elasticloadbalancing:us-east-1:1:targetgroup/g/day",
                        "app/g/day"),
                new ServiceSide("day", "svc-blue", "arn:aws:elasticloadbalancing:us-east-1:1:targetgroup/b/day",
                        "app/b/day"),
                List.of(new StackSpec("svc-green", "https://example.test/service.yaml", Map.of())),
                new Steps.Explicit(steps),
                List.of(new GateSpec.TargetHealth(null, GATE_INTERVAL, null, null, 2),
                        new GateSpec.TrafficShare(null, GATE_INTERVAL, 2, 10.0, 100, null)),
                Timeouts.DEFAULTS);
    }
}
