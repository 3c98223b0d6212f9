package dev.ecscanary.jenkins;

import dev.ecscanary.aws.AwsClients;
import dev.ecscanary.aws.AwsSettings;
import dev.ecscanary.engine.CanaryEngine;
import dev.ecscanary.engine.DeploymentDriver;
import dev.ecscanary.port.Scheduler;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import hudson.Extension;
import hudson.ExtensionList;
import hudson.init.Terminator;
import hudson.model.Run;
import hudson.security.ACL;
import hudson.util.DaemonThreadFactory;
import hudson.util.ExceptionCatchingThreadFactory;
import hudson.util.NamingThreadFactory;
import java.time.Duration;
import java.time.InstantSource;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import jenkins.model.Jenkins;
import jenkins.security.ImpersonatingExecutorService;
import jenkins.util.ErrorLoggingExecutorService;
import jenkins.util.Timer;
import org.jenkinsci.plugins.workflow.flow.FlowExecutionList;

/**
 * What every canary step of this controller shares: the small thread pool ticks and AWS calls run on
 * (never the CPS thread, never long on Jenkins' {@link Timer}), the {@link Scheduler} waits are armed
 * on ({@link Timer}: a wait holds no thread), the registry of live drivers that relayed ECS events
 * wake, and the AWS clients the Canary pages read with.
 */
@Extension
public final class CanaryDrivers {

    /** Threads that tick deployments and call AWS; a wait holds none of them. */
    static final int THREADS = 4;
    /** The most a page's read of the state table may take, retries included. */
    static final Duration PAGE_READ_TIMEOUT = Duration.ofSeconds(10);
    /** Clients for pages are closed when no page used them for this long. */
    static final Duration PAGE_CLIENTS_IDLE = Duration.ofMinutes(10);
    /** How long a controller shutdown waits for ticks in flight. */
    static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(10);

    private volatile ExecutorService pool;
    private final LiveDrivers drivers = new LiveDrivers();
    private final IdleCache<PageClientsKey, AwsClients> pageClients = new IdleCache<>(PAGE_CLIENTS_IDLE,
            InstantSource.system());

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

    /** The drivers live on this controller: what relayed ECS events and approvals wake. */
    @NonNull
    LiveDrivers drivers() {
        return drivers;
    }

    /**
     * The clients the Canary pages read a deployment's record with: kept per deployment target and
     * job while pages are viewed (one credentials provider, so an assumed role is not assumed again on
     * every read), each call bounded by {@link #PAGE_READ_TIMEOUT}; closed once idle.
     */
    @NonNull
    AwsClients pageClients(@NonNull CanaryTarget target, @CheckForNull Run<?, ?> run) throws AbortException {
        // Settings are cheap (no credentials are resolved until a call): only the clients are kept.
        AwsSettings settings = AwsAccess.forPage(target, run).withApiCallTimeout(PAGE_READ_TIMEOUT);
        return pageClients.get(new PageClientsKey(target, run == null ? null : run.getParent().getFullName()),
                () -> new AwsClients(settings));
    }

    /** Whether Jenkins is shutting down: a step that cannot go on now is resumed after the restart. */
    static boolean terminating() {
        Jenkins jenkins = Jenkins.getInstanceOrNull();
        return jenkins == null || jenkins.isTerminating();
    }

    /**
     * Lets ticks in flight end (each is one short, idempotent AWS call or DynamoDB write), then stops.
     * Runs only once Pipeline has suspended every build (terminators run one at a time, in an order
     * only {@code requires} ties), so no live step finds the pool gone; waiting deployments are
     * untouched: their steps resume after the restart.
     */
    @Terminator(requires = FlowExecutionList.EXECUTIONS_SUSPENDED)
    public static void shutdown() throws InterruptedException {
        ExtensionList<CanaryDrivers> all = ExtensionList.lookup(CanaryDrivers.class);
        for (CanaryDrivers drivers : all) {
            drivers.pageClients.closeAll();
            ExecutorService current = drivers.pool;
            if (current != null) {
                current.shutdown();
                if (!current.awaitTermination(SHUTDOWN_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                    current.shutdownNow();
                }
            }
        }
    }

    private record PageClientsKey(CanaryTarget target, String job) {
    }
}
