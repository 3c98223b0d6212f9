package dev.ecscanary.bench;

import dev.ecscanary.cli.relay.RelayServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;

/** Sends events to the relay from several client threads, as fast as it answers, and times each one. */
final class RelayLoad {

    private static final long MAX_LATENCY_MICROS = Duration.ofSeconds(60).toNanos() / 1000;

    private final URI events;
    private final String secret;
    private final int clients;
    private final HttpClient http;

    RelayLoad(URI events, String secret, int clients) {
        this.events = events;
        this.secret = secret;
        this.clients = clients;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).proxy(HttpClient.Builder.NO_PROXY)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    Result run(List<byte[]> bodies) throws InterruptedException {
        AtomicInteger next = new AtomicInteger();
        Counts counts = new Counts();
        List<Histogram> latencies = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        long started = System.nanoTime();
        for (int c = 0; c < clients; c++) {
            Histogram histogram = new Histogram(MAX_LATENCY_MICROS, 3);
            latencies.add(histogram);
            Thread thread = new Thread(() -> send(bodies, next, histogram, counts), "relay-client-" + c);
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        Histogram all = new Histogram(MAX_LATENCY_MICROS, 3);
        latencies.forEach(all::add);
        return new Result(bodies.size(), counts.accepted.sum(), counts.recorded.sum(), counts.duplicate.sum(),
                counts.stale.sum(), counts.failed.sum(), seconds, all);
    }

    private void send(List<byte[]> bodies, AtomicInteger next, Histogram histogram, Counts counts) {
        for (int i = next.getAndIncrement(); i < bodies.size(); i = next.getAndIncrement()) {
            HttpRequest request = HttpRequest.newBuilder(events)
                    .header(RelayServer.SECRET_HEADER, secret)
                    .header("Content-Type", "application/json")
                    .timeout(Duration.ofSeconds(30))
                    .POST(BodyPublishers.ofByteArray(bodies.get(i)))
                    .build();
            long sent = System.nanoTime();
            try {
                HttpResponse<String> response = http.send(request, BodyHandlers.ofString());
                histogram.recordValue(Math.min((System.nanoTime() - sent) / 1000, MAX_LATENCY_MICROS));
                counts.count(response);
            } catch (Exception e) {
                counts.failed.increment();
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private static final class Counts {
        final LongAdder accepted = new LongAdder();
        final LongAdder recorded = new LongAdder();
        final LongAdder duplicate = new LongAdder();
        final LongAdder stale = new LongAdder();
        final LongAdder failed = new LongAdder();

        void count(HttpResponse<String> response) {
            if (response.statusCode() != 202) {
                failed.increment();
                return;
            }
            accepted.increment();
            String body = response.body();
            if (body.contains("\"recorded\"")) {
                recorded.increment();
            } else if (body.contains("\"duplicate\"")) {
                duplicate.increment();
            } else if (body.contains("\"stale\"")) {
                stale.increment();
            }
        }
    }

    /** One run: how many were answered 202, how fast, and the latency distribution (microseconds). */
    record Result(int sent, long accepted, long recorded, long duplicate, long stale, long failed, double seconds,
                  Histogram latency) {

        static final String HEADER = String.format(Locale.ROOT, "%-16s %8s %9s %10s %9s %8s %8s %8s",
                "store", "events", "events/s", "recorded", "dup", "stale", "p50 ms", "p99 ms");

        double eventsPerSecond() {
            return accepted / seconds;
        }

        double p99Millis() {
            return latency.getValueAtPercentile(99) / 1000.0;
        }

        double p50Millis() {
            return latency.getValueAtPercentile(50) / 1000.0;
        }

        String summary() {
            return String.format(Locale.ROOT, "%d sent, %d accepted (%d recorded, %d duplicate, %d stale), %d failed, "
                            + "in %.2f s: %.0f events/s, p50 %.2f ms, p99 %.2f ms, max %.2f ms", sent, accepted,
                    recorded, duplicate, stale, failed, seconds, eventsPerSecond(), p50Millis(), p99Millis(),
                    latency.getMaxValue() / 1000.0);
        }

        String row(String store) {
            return String.format(Locale.ROOT, "%-16s %8d %9.0f %10d %9d %8d %8.2f %8.2f", store, sent,
                    eventsPerSecond(), recorded, duplicate, stale, p50Millis(), p99Millis());
        }
    }
}
