package dev.ecscanary.localaws;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads moto's combined stdout/stderr for as long as the process lives.
 *
 * <p>It must keep reading after the port is known: moto logs every request, and a pipe that
 * nobody drains fills up and blocks the server. The last lines are kept so that a failure
 * can say what moto printed.
 */
final class MotoOutputWatcher {

    private static final Pattern RUNNING_ON = Pattern.compile("Running on http://127\\.0\\.0\\.1:(\\d+)");
    private static final int KEPT_LINES = 200;

    private final CompletableFuture<Integer> port = new CompletableFuture<>();
    private final Deque<String> recentLines = new ArrayDeque<>();

    static MotoOutputWatcher watch(InputStream output) {
        MotoOutputWatcher watcher = new MotoOutputWatcher();
        Thread reader = new Thread(() -> watcher.readAll(output), "moto-output");
        reader.setDaemon(true);
        reader.start();
        return watcher;
    }

    /** Completes with the port moto announced, or exceptionally if its output ended first. */
    CompletableFuture<Integer> port() {
        return port;
    }

    String recentOutput() {
        synchronized (recentLines) {
            return String.join(System.lineSeparator(), recentLines);
        }
    }

    private void readAll(InputStream output) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(output, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                remember(line);
                if (!port.isDone()) {
                    Matcher matcher = RUNNING_ON.matcher(line);
                    if (matcher.find()) {
                        port.complete(Integer.parseInt(matcher.group(1)));
                    }
                }
            }
        } catch (IOException e) {
            remember("[testkit] reading moto output failed: " + e);
        } finally {
            port.completeExceptionally(new IllegalStateException("moto's output ended before it announced a port"));
        }
    }

    private void remember(String line) {
        synchronized (recentLines) {
            if (recentLines.size() == KEPT_LINES) {
                recentLines.removeFirst();
            }
            recentLines.addLast(line);
        }
    }
}
