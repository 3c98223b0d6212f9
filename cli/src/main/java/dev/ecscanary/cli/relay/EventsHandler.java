package dev.ecscanary.cli.relay;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.ecscanary.cli.render.Times;
import dev.ecscanary.events.BoundedBody;
import dev.ecscanary.events.EcsEventIntake;
import dev.ecscanary.events.EventAnswer;
import dev.ecscanary.events.EventReceiver;
import dev.ecscanary.events.SharedSecret;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.InstantSource;
import java.util.function.Consumer;

/**
 * {@code POST /events}: checks the path (404) and the method (405), then hands the delivery to the
 * {@link EventReceiver} every event endpoint shares (secret 401, size 413, 202 once recorded, 400,
 * 503 when the state table cannot be reached: EventBridge retries 5xx answers).
 */
final class EventsHandler implements HttpHandler {

    private final EventReceiver receiver;
    private final InstantSource clock;
    private final Consumer<String> log;

    EventsHandler(EcsEventIntake intake, SharedSecret secret, InstantSource clock, Consumer<String> log) {
        this.receiver = new EventReceiver(secret, intake, (result, error) -> log.accept(Times.instant(clock.instant())
                + " relay: " + ("store-unavailable".equals(result) ? "state table error: " + error.getMessage()
                        : "error: " + error)));
        this.clock = clock;
        this.log = log;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        long started = System.nanoTime();
        EventAnswer answer = answer(exchange);
        send(exchange, answer);
        log.accept(line(exchange, answer, started));
    }

    private EventAnswer answer(HttpExchange exchange) {
        String path = exchange.getRequestURI().getPath();
        if (!RelayServer.PATH.equals(path)) {
            return EventAnswer.error(404, "not-found", "no such path: POST events to " + RelayServer.PATH);
        }
        if (!"POST".equals(exchange.getRequestMethod())) {
            exchange.getResponseHeaders().set("Allow", "POST");
            return EventAnswer.error(405, "method-not-allowed", "only POST is allowed on " + RelayServer.PATH);
        }
        return receiver.receive(exchange.getRequestHeaders().getFirst(EventReceiver.SECRET_HEADER),
                BoundedBody.declaredLength(exchange.getRequestHeaders().getFirst("Content-Length")),
                exchange.getRequestBody());
    }

    private static void send(HttpExchange exchange, EventAnswer answer) throws IOException {
        byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        if (answer.status() == 413) {
            // Whatever is left of an oversized body is not read: the connection cannot be reused.
            exchange.getResponseHeaders().set("Connection", "close");
        }
        exchange.sendResponseHeaders(answer.status(), body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private String line(HttpExchange exchange, EventAnswer answer, long started) {
        double millis = (System.nanoTime() - started) / 1_000_000.0;
        return String.format("%s relay: %s %s %d %s%s (%.1f ms, from %s)", Times.instant(clock.instant()),
                exchange.getRequestMethod(), exchange.getRequestURI().getPath(), answer.status(), answer.result(),
                answer.task() == null ? "" : " task " + answer.task(), millis,
                exchange.getRemoteAddress().getAddress().getHostAddress());
    }
}
