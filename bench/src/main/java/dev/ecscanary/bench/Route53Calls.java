package dev.ecscanary.bench;

import dev.ecscanary.aws.Route53TrafficRouter;
import dev.ecscanary.engine.CanaryEngine;
import dev.ecscanary.engine.DeploymentDriver;
import dev.ecscanary.engine.EngineSettings;
import dev.ecscanary.engine.TickOutcome;
import dev.ecscanary.inmemory.SimulatedWorld;
import dev.ecscanary.state.Phase;
import dev.ecscanary.state.TaskObservation.ServiceKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;

/**
 * What a deployment costs the account's Route53 budget: 100 deployments at once, in virtual time,
 * through the real {@link Route53TrafficRouter} over an in-memory Route53 whose changes are INSYNC
 * after 30 to 60 seconds. Every call the router makes is counted, the check at the start included,
 * and divided by the steps.
 */
record Route53Calls(int deployments, int steps, Duration fastest, Duration slowest, long lists, long changes,
                    long getChanges) {

    static final int DEPLOYMENTS = 100;
    static final Duration FASTEST = Duration.ofSeconds(30);
    static final Duration SLOWEST = Duration.ofSeconds(60);

    double perStep() {
        return (double) (lists + changes + getChanges) / (deployments * steps);
    }

    static Route53Calls run() {
        SimulatedWorld world = SimulatedWorld.builder().ttl(EngineBenchmark.TTL).stackDuration(EngineBenchmark.STACKS)
                .desiredTasks(2).build();
        FakeRoute53 route53 = new FakeRoute53(world.clock, FASTEST, SLOWEST, 7);
        world.routerSeenByEngines(new Route53TrafficRouter(route53, world.clock, Route53TrafficRouter.SwapBasis.LAST_KNOWN));
        CanaryEngine engine = world.engine("bench", EngineSettings.DEFAULTS);
        DeploymentDriver driver = world.driver(engine);
        Instant epoch = world.clock.instant();
        Random random = new Random(42);
        List<CompletableFuture<TickOutcome>> runs = new ArrayList<>();
        for (int i = 0; i < DEPLOYMENTS; i++) {
            String id = "r53-" + i;
            int index = i;
            Instant start = epoch.plusMillis((long) (random.nextDouble() * EngineBenchmark.START_SPREAD.toMillis()));
            world.ecs.runningFrom(new ServiceKey("bench", "svc-" + i), start.plus(EngineBenchmark.STACKS)
                    .plus(EngineBenchmark.GREEN_START));
            CompletableFuture<TickOutcome> run = new CompletableFuture<>();
            runs.add(run);
            world.scheduler.schedule(start, () -> {
                // The spec leaves dns.propagation to its default estimate, as most will.
                engine.start(EngineBenchmark.spec(id, index, null));
                driver.drive(id).whenComplete((outcome, error) -> {
                    if (error != null) {
                        run.completeExceptionally(error);
                    } else {
                        run.complete(outcome);
                    }
                });
            });
        }
        world.scheduler.runUntil(epoch.plus(Duration.ofDays(1)));
        for (CompletableFuture<TickOutcome> run : runs) {
            Phase phase = run.join().record().phase();
            if (phase != Phase.PROMOTED) {
                throw new IllegalStateException("a deployment of the Route53 run ended " + phase);
            }
        }
        return new Route53Calls(DEPLOYMENTS, EngineBenchmark.STEPS.length, FASTEST, SLOWEST, route53.lists.get(),
                route53.changeCalls.get(), route53.getChanges.get());
    }
}
