package dev.ecscanary.cli.relay;

import com.sun.net.httpserver.HttpServer;
import dev.ecscanary.events.EcsEventIntake;
import dev.ecscanary.events.EventReceiver;
import dev.ecscanary.events.SharedSecret;
import dev.ecscanary.port.StateStore;
import dev.ecscanary.state.TaskObservation.ServiceKey;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.InstantSource;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * An HTTP receiver for EventBridge API destinations: ECS task state changes arrive as
 * {@code POST /events} with the shared secret in {@value #SECRET_HEADER}, and are recorded in the
 * state store exactly once. It only records: drivers see the observations through the store, and a
 * driver in the same process can be woken at once through {@code waker}.
 */
public final class RelayServer implements AutoCloseable {

    public static final String PATH = "/events";
    public static final String SECRET_HEADER = EventReceiver.SECRET_HEADER;
    /** Enough for EventBridge's delivery rate (50/s by the relay template) with room for slow store calls. */
    static final int THREADS = 8;
    static final int QUEUE = 1024;
    private static final int BACKLOG = 256;
    private static final String NO_DELAY_PROPERTY = "sun.net.httpserver.nodelay";

    static {
        // The JDK server writes a response's headers and body separately; with Nagle's algorithm on,
        // the body then waits for the client's delayed ACK (~40 ms per request on Linux). Read once,
        // when the JDK's server configuration loads: a host that set it keeps its own value.
        if (System.getProperty(NO_DELAY_PROPERTY) == null) {
            System.setProperty(NO_DELAY_PROPERTY, "true");
        }
    }

    private final EcsEventIntake intake;
    private final SharedSecret secret;
    private final InstantSource clock;
    private HttpServer server;
    private ThreadPoolExecutor executor;

    /** @param waker told of each new task state, e.g. {@code DeploymentDriver::wake} */
    public RelayServer(StateStore store, SharedSecret secret, InstantSource clock, Consumer<ServiceKey> waker) {
        this.secret = Objects.requireNonNull(secret, "secret");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.intake = new EcsEventIntake(store, waker, clock);
    }

    /**
     * Starts listening; port 0 takes a free one.
     *
     * @param log one line per request (status, result, task) and per error
     * @return the address really bound
     */
    public synchronized InetSocketAddress start(InetSocketAddress address, Consumer<String> log) throws IOException {
        if (server != null) {
            throw new IllegalStateException("the relay is already started on " + server.getAddress());
        }
        AtomicInteger threads = new AtomicInteger();
        // Bounded: a flood of requests queues, then slows the accepting thread down (caller runs).
        executor = new ThreadPoolExecutor(THREADS, THREADS, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(QUEUE),
                runnable -> {
                    Thread thread = new Thread(runnable, "ecs-canary-relay-" + threads.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                }, new ThreadPoolExecutor.CallerRunsPolicy());
        HttpServer http = HttpServer.create(address, BACKLOG);
        http.createContext("/", new EventsHandler(intake, secret, clock, log));
        http.setExecutor(executor);
        http.start();
        server = http;
        return http.getAddress();
    }

    /**
     * Stops at once. Nothing is lost: an event is persisted before it is answered, and one cut off
     * mid-request gets no 2xx, so EventBridge delivers it again (and the store deduplicates it).
     */
    @Override
    public synchronized void close() {
        if (server != null) {
            server.stop(0);
            executor.shutdown();
            server = null;
        }
    }
}
