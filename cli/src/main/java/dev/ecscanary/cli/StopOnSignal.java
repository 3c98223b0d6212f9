package dev.ecscanary.cli;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Ctrl-C or SIGTERM for a command that runs until stopped (relay, watch): the command is told to
 * stop, gets a few seconds to finish ({@link #close}), and the process exits 0, as any command that
 * did what it was asked; the JVM would otherwise exit with the signal's code.
 */
final class StopOnSignal implements AutoCloseable {

    private static final Duration TO_FINISH = Duration.ofSeconds(5);

    private final CountDownLatch stopped = new CountDownLatch(1);
    private final CountDownLatch closed = new CountDownLatch(1);
    private final Thread hook;

    StopOnSignal(String name) {
        this.hook = new Thread(this::onSignal, name);
    }

    void install() {
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** Waits until a signal asks to stop. */
    void await() throws InterruptedException {
        stopped.await();
    }

    /** Waits up to {@code timeout}; whether a signal asked to stop. */
    boolean await(Duration timeout) throws InterruptedException {
        return stopped.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Stopped from within the process (tests, or a host embedding the command): no signal will come. */
    void uninstall() {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException | IllegalArgumentException notThere) {
            // shutting down already, or never added
        }
    }

    /** The command has finished: a signal's exit may go ahead. */
    @Override
    public void close() {
        closed.countDown();
    }

    private void onSignal() {
        stopped.countDown();
        try {
            closed.await(TO_FINISH.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Runtime.getRuntime().halt(ExitCode.SUCCESS);
    }
}
