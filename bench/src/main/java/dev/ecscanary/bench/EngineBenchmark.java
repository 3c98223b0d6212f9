package dev.ecscanary.bench;

import dev.ecscanary.engine.CanaryEngine;
import dev.ecscanary.engine.DeploymentDriver;
import dev.ecscanary.engine.EngineSettings;
import dev.ecscanary.engine.TickOutcome;
import dev.ecscanary.events.EcsEventIntake;
import dev.ecscanary.events.EcsEvents;
import dev.ecscanary.inmemory.SimulatedWorld;
import dev.ecscanary.spec.CanarySpec;
import dev.ecscanary.spec.DnsSpec;
import dev.ecscanary.spec.GateSpec;
import dev.ecscanary.spec.ServiceSide;
import dev.ecscanary.spec.StackSpec;
import dev.ecscanary.spec.StepSpec;
import dev.ecscanary.spec.Steps;
import dev.ecscanary.spec.Timeouts;
import dev.ecscanary.state.Phase;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * 1,000 canary deployments at once in one JVM, in virtual time, against simulated AWS: how many
 * threads and how much heap the engine needs, and how much time it adds to the schedule floor —
 * the time the simulated world itself takes (stacks, green start, Route53 propagation, TTL, bake),
 * which no engine could beat. What the engine adds comes from how it polls.
 */
public final class EngineBenchmark {

    static final int DEPLOYMENTS = Integer.getInteger("deployments", 1_000);
    static final int WORKERS = Integer.getInteger("workers", 2);
    static final Duration STACKS = Duration.ofSeconds(45);
    static final Duration GREEN_START = Duration.ofSeconds(30);
    static final Duration PROPAGATION = Duration.ofSeconds(20);
    static final Duration TTL = Duration.ofSeconds(60);
    static final Duration BAKE = Duration.ofMinutes(5);
    static final double[] STEPS = {10, 25, 50, 100};
    static final Duration START_SPREAD = Duration.ofSeconds(60);

    public static void main(String[] args) throws Exception {
        ExecutorService workers = Executors.newFixedThreadPool(WORKERS);
        SimulatedWorld world = SimulatedWorld.builder().propagation(PROPAGATION).ttl(TTL).stackDuration(STACKS)
                .desiredTasks(2).workers(workers).build();
        StoreFootprint footprint = new StoreFootprint(world.store);
        world.storeSeenByEngines(footprint);
        CanaryEngine engine = world.engine("bench", EngineSettings.DEFAULTS);
        DeploymentDriver driver = world.driver(engine);
        EcsEventIntake intake = world.intake(driver);
        Instant epoch = world.clock.instant();
        Random random = new Random(42);

        long wallStart = System.nanoTime();
        List<CompletableFuture<TickOutcome>> runs = new ArrayList<>(DEPLOYMENTS);
        Map<String, Instant> startedAt = new java.util.concurrent.ConcurrentHashMap<>();
        for (int i = 0; i < DEPLOYMENTS; i++) {
            String id = "bench-" + i;
            Instant start = epoch.plusMillis((long) (random.nextDouble() * START_SPREAD.toMillis()));
            CompletableFuture<TickOutcome> run = new CompletableFuture<>();
            runs.add(run);
            CanarySpec spec = spec(id, i, PROPAGATION);
            world.scheduler.schedule(start, () -> {
                startedAt.put(id, world.clock.instant());
                engine.start(spec);
                driver.drive(id).whenComplete((outcome, error) -> {
                    if (error != null) {
                        run.completeExceptionally(error);
                    } else {
                        run.complete(outcome);
                    }
                });
            });
            // ECS tells EventBridge when green's tasks run; the relay delivers each event at least once.
            Instant running = start.plus(STACKS).plus(GREEN_START);
            for (int task = 0; task < 2; task++) {
                for (int delivery = 0; delivery < 2; delivery++) {
                    String event = EcsEvents.taskStateChange("bench", "svc-" + i, "task-" + i + "-" + task, 4,
                            "RUNNING", running);
                    world.scheduler.schedule(running.plusMillis(delivery * 500L), () -> intake.accept(event));
                }
            }
        }
        world.scheduler.runUntil(epoch.plus(Duration.ofDays(1)));
        long wallMillis = (System.nanoTime() - wallStart) / 1_000_000;
        workers.shutdown();

        Duration floor = floor();
        double addedSeconds = 0;
        int promoted = 0;
        for (int i = 0; i < DEPLOYMENTS; i++) {
            TickOutcome outcome = runs.get(i).join();
            if (outcome.record().phase() == Phase.PROMOTED) {
                promoted++;
            }
            Duration took = Duration.between(startedAt.get("bench-" + i), outcome.record().updatedAt());
            addedSeconds += took.minus(floor).toMillis() / 1000.0;
        }
        double meanAdded = addedSeconds / DEPLOYMENTS;
        double overheadPct = 100.0 * meanAdded / floor.toSeconds();
        int peakThreads = ManagementFactory.getThreadMXBean().getPeakThreadCount();
        long peakHeapMb = peakHeapBytes() / (1024 * 1024);

        System.out.printf("deployments: %d (%d promoted), worker threads: %d, wall time: %d ms%n", DEPLOYMENTS,
                promoted, WORKERS, wallMillis);
        System.out.printf("schedule floor per deployment: %ds (stacks %ds + green start %ds + %d x (propagation %ds"
                        + " + TTL %ds + bake %ds)); engine added on average %.2fs%n", floor.toSeconds(),
                STACKS.toSeconds(), GREEN_START.toSeconds(), STEPS.length, PROPAGATION.toSeconds(), TTL.toSeconds(),
                BAKE.toSeconds(), meanAdded);
        double stateKbPerDeployment = footprint.bytesWritten() / 1024.0 / DEPLOYMENTS;
        System.out.printf("state writes: %d (%.1f per deployment), %.1f KB written per deployment as DynamoDB items, "
                        + "largest item %.1f KB%n", footprint.writes(), footprint.writes() / (double) DEPLOYMENTS,
                stateKbPerDeployment, footprint.largestItemBytes() / 1024.0);
        LongDeployment day = LongDeployment.run();
        System.out.printf("a %d-hour deployment of %d steps, gates every %ds: %d writes, %.1f KB written, largest item "
                        + "%.1f KB; its record holds %d history entries and %d share samples%n", day.hours(),
                day.steps(), day.gateIntervalSeconds(), day.writes(), day.bytesWritten() / 1024.0,
                day.largestItemBytes() / 1024.0, day.historyEntries(), day.shareSamples());
        Route53Calls route53 = Route53Calls.run();
        System.out.printf("Route53 under %d concurrent deployments of %d steps, INSYNC after %d-%ds: %.2f calls per "
                        + "step (%d ListResourceRecordSets, %d ChangeResourceRecordSets, %d GetChange in all)%n",
                route53.deployments(), route53.steps(), route53.fastest().toSeconds(), route53.slowest().toSeconds(),
                route53.perStep(), route53.lists(), route53.changes(), route53.getChanges());
        if (promoted != DEPLOYMENTS) {
            System.out.println("ERROR: not every deployment was promoted");
            System.exit(1);
        }
        System.out.printf("bench: deployments=%d threads=%d peak_heap_mb=%d overhead_pct=%.2f "
                        + "state_kb_per_deployment=%.1f max_item_kb=%.1f route53_calls_per_step=%.2f%n", DEPLOYMENTS,
                peakThreads, peakHeapMb, overheadPct, stateKbPerDeployment, day.largestItemBytes() / 1024.0,
                route53.perStep());
    }

    private static Duration floor() {
        Duration perStep = PROPAGATION.plus(TTL).plus(BAKE);
        return STACKS.plus(GREEN_START).plus(perStep.multipliedBy(STEPS.length));
    }

    private static long peakHeapBytes() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak;
    }

    /** @param propagation what the spec expects of Route53 (null: the default estimate) */
    static CanarySpec spec(String id, int index, Duration propagation) {
        List<StepSpec> steps = new ArrayList<>();
        for (double percent : STEPS) {
            steps.add(StepSpec.of(percent, BAKE, false));
        }
        return new CanarySpec(id, "bench-state", "us-east-1",
                new DnsSpec("Z0BENCH", "svc-" + index + ".bench.test", "blue", "green", null, propagation),
                new ServiceSide("bench", "svc-" + index, "arn:aws:elasticloadbalancing:us-east-1:1:targetgroup/g/" + index,
                        "app/g/" + index),
                new ServiceSide("bench", "svc-" + index + "-blue", "arn:aws:elasticloadbalancing:us-east-1:1:targetgroup/b/"
                        + index, "app/b/" + index),
                List.of(new StackSpec("svc-" + index, "https://example.test/service.yaml", Map.of())),
                new Steps.Explicit(steps),
                List.of(new GateSpec.TargetHealth(null, Duration.ofSeconds(30), null, null, 2),
                        new GateSpec.TrafficShare(null, Duration.ofSeconds(60), 2, 10.0, 100, null)),
                Timeouts.DEFAULTS);
    }
}
