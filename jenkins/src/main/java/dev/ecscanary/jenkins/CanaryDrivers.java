package dev.ecscanary.jenkins;

import dev.ecscanary.engine.CanaryEngine;
import dev.ecscanary.engine.DeploymentDriver;
import dev.ecscanary.port.Scheduler;
import dev.ecscanary.state.DeploymentRecord;
import dev.ecscanary.state.TaskObservation.ServiceKey;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.ExtensionList;
import hudson.init.Terminator;
import hudson.security.ACL;
import hudson.util.DaemonThreadFactory;
import hudson.util.ExceptionCatchingThreadFactory;
import hudson.util.NamingThreadFactory;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import jenkins.security.ImpersonatingExecutorService;
import jenkins.util.ErrorLoggingExecutorService;
import jenkins.util.Timer;

/**
 * What every canary step of this controller shares: the small thread pool ticks and AWS calls run on
 * (never the CPS thread, never long on Jenkins' {@link Timer}), the {@link Scheduler} waits are armed
 * on ({@link Timer}: a wait holds no thread), and the registry of live drivers that relayed ECS events
 * wake. It also remembers the newest record each live deployment reported, for the build page.
 */
@Extension
public final class CanaryDrivers {

    /** Threads that tick deployments and call AWS; a wait holds none of them. */
    static final int THREADS = 4;
    /** A record reported by a live step is fresh enough for the build page for this long. */
    static final Duration LIVE_RECORD_FRESHNESS = Duration.ofSeconds(5);
    /** How long a controller shutdown waits for ticks in flight. */
    static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(10);

    private volatile ExecutorService pool;
    private final Map<String, Set<DeploymentDriver>> drivers = new ConcurrentHashMap<>();
    private final Map<String, Observed> lastSeen = new ConcurrentHashMap<>();

    @NonNull
    static CanaryDrivers get() {
        return ExtensionList.lookupSingleton(CanaryDrivers.class);
    }

    /** The pool for ticks, AWS calls and other blocking work of the steps (runs as SYSTEM). */
    @NonNull
    ExecutorService pool() {
        ExecutorService current = pool;
        if (current == null) {
            synchronized (this) {
                current = pool;
                if (current == null) {
                    ThreadPoolExecutor threads = new ThreadPoolExecutor(THREADS, THREADS, 60, TimeUnit.SECONDS,
                            new LinkedBlockingQueue<>(), new ExceptionCatchingThreadFactory(
                                    new NamingThreadFactory(new DaemonThreadFactory(), "ecs-canary")));
                    threads.allowCoreThreadTimeOut(true);
                    current = new ImpersonatingExecutorService(new ErrorLoggingExecutorService(threads), ACL.SYSTEM2);
                    pool = current;
                }
            }
        }
        return current;
    }

    /**
     * A driver for {@code engine}: waits are tasks on Jenkins' {@link Timer} (they only hand the tick
     * over), ticks run on this pool, in wall-clock time.
     */
    @NonNull
    DeploymentDriver newDriver(@NonNull CanaryEngine engine) {
        InstantSource clock = InstantSource.system();
        return new DeploymentDriver(engine, Scheduler.of(Timer.get(), clock), pool(), clock);
    }

    /** Makes relayed events for this deployment's green service wake {@code driver}. */
    void register(@NonNull String deploymentId, @NonNull DeploymentDriver driver) {
        drivers.computeIfAbsent(deploymentId, id -> ConcurrentHashMap.newKeySet()).add(driver);
    }

    void unregister(@NonNull String deploymentId, @NonNull DeploymentDriver driver) {
        drivers.computeIfPresent(deploymentId, (id, set) -> {
            set.remove(driver);
            return set.isEmpty() ? null : set;
        });
    }

    /** A task of {@code green} changed state: tick every live deployment waiting on that service now. */
    void wake(@NonNull ServiceKey green) {
        drivers.values().forEach(set -> set.forEach(driver -> driver.wake(green)));
    }

    /** Ticks the deployment now wherever it is driven on this controller. */
    void wake(@NonNull String deploymentId) {
        Set<DeploymentDriver> set = drivers.get(deploymentId);
        if (set != null) {
            set.forEach(driver -> driver.wake(deploymentId));
        }
    }

    int live() {
        return drivers.values().stream().mapToInt(Set::size).sum();
    }

    /** Remembers the newest record a live step saw (after each persisted change), for a few seconds. */
    void observed(@NonNull DeploymentRecord record) {
        Instant now = Instant.now();
        lastSeen.merge(record.id(), new Observed(record, now),
                (old, fresh) -> fresh.record.version() >= old.record.version() ? fresh : old);
        lastSeen.values().removeIf(seen -> seen.at.plus(LIVE_RECORD_FRESHNESS.multipliedBy(12)).isBefore(now));
    }

    /** The record a live step reported within the last few seconds, or null. */
    @CheckForNull
    DeploymentRecord freshRecord(@NonNull String deploymentId) {
        Observed seen = lastSeen.get(deploymentId);
        if (seen == null || seen.at.plus(LIVE_RECORD_FRESHNESS).isBefore(Instant.now())) {
            return null;
        }
        return seen.record;
    }

    void forget(@NonNull String deploymentId) {
        lastSeen.remove(deploymentId);
    }

    /**
     * Lets ticks in flight end (each is one short, idempotent AWS call or DynamoDB write), then stops.
     * Waiting deployments are untouched: their steps resume after the restart.
     */
    @Terminator
    public static void shutdown() throws InterruptedException {
        ExtensionList<CanaryDrivers> all = ExtensionList.lookup(CanaryDrivers.class);
        for (CanaryDrivers drivers : all) {
            ExecutorService current = drivers.pool;
            if (current != null) {
                current.shutdown();
                if (!current.awaitTermination(SHUTDOWN_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                    current.shutdownNow();
                }
            }
        }
    }

    private record Observed(DeploymentRecord record, Instant at) {
    }
}
