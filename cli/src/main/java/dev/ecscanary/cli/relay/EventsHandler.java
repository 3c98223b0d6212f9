package dev.ecscanary.cli.relay;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.ecscanary.cli.render.Times;
import dev.ecscanary.events.EcsEventIntake;
import dev.ecscanary.port.StateStore.StateStoreException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.InstantSource;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * {@code POST /events}: checks, in this order, the path (404), the method (405), the secret (401),
 * the size (413), then hands the event to the intake, which persists it before we answer: 202 for
 * anything well-formed (recorded, duplicate, stale, ignored), 400 for what cannot be read, 503 when
 * the state table cannot be reached (EventBridge retries 5xx answers).
 */
final class EventsHandler implements HttpHandler {

    private final EcsEventIntake intake;
    private final SharedSecret secret;
    private final InstantSource clock;
    private final Consumer<String> log;

    EventsHandler(EcsEventIntake intake, SharedSecret secret, InstantSource clock, Consumer<String> log) {
        this.intake = intake;
        this.secret = secret;
        this.clock = clock;
        this.log = log;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        long started = System.nanoTime();
        RelayAnswer answer;
        try {
            answer = answer(exchange);
        } catch (StateStoreException e) {
            answer = RelayAnswer.error(503, "store-unavailable", "the state table cannot be reached; retry later");
            log.accept(Times.instant(clock.instant()) + " relay: state table error: " + e.getMessage());
        } catch (IOException | RuntimeException e) {
            answer = RelayAnswer.error(500, "error", "internal error");
            log.accept(Times.instant(clock.instant()) + " relay: error: " + e);
        }
        send(exchange, answer);
        log.accept(line(exchange, answer, started));
    }

    private RelayAnswer answer(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        if (!RelayServer.PATH.equals(path)) {
            return RelayAnswer.error(404, "not-found", "no such path: POST events to " + RelayServer.PATH);
        }
        if (!"POST".equals(exchange.getRequestMethod())) {
            exchange.getResponseHeaders().set("Allow", "POST");
            return RelayAnswer.error(405, "method-not-allowed", "only POST is allowed on " + RelayServer.PATH);
        }
        if (!secret.matches(exchange.getRequestHeaders().getFirst(RelayServer.SECRET_HEADER))) {
            return RelayAnswer.error(401, "unauthorized", "unauthorized");
        }
        String tooLarge = "the event is larger than " + EcsEventIntake.MAX_EVENT_BYTES + " bytes";
        long declared = BoundedBody.declaredLength(exchange.getRequestHeaders().getFirst("Content-Length"));
        if (declared > EcsEventIntake.MAX_EVENT_BYTES) {
            if (declared <= BoundedBody.DISCARD_LIMIT) {
                BoundedBody.discard(exchange.getRequestBody(), declared);
            }
            return RelayAnswer.error(413, "too-large", tooLarge);
        }
        Optional<byte[]> body = BoundedBody.read(exchange.getRequestBody(), EcsEventIntake.MAX_EVENT_BYTES);
        if (body.isEmpty()) {
            return RelayAnswer.error(413, "too-large", tooLarge);
        }
        return RelayAnswer.of(intake.accept(new String(body.get(), StandardCharsets.UTF_8)));
    }

    private static void send(HttpExchange exchange, RelayAnswer answer) throws IOException {
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

    private String line(HttpExchange exchange, RelayAnswer answer, long started) {
        double millis = (System.nanoTime() - started) / 1_000_000.0;
        return String.format("%s relay: %s %s %d %s%s (%.1f ms, from %s)", Times.instant(clock.instant()),
                exchange.getRequestMethod(), exchange.getRequestURI().getPath(), answer.status(), answer.result(),
                answer.task() == null ? "" : " task " + answer.task(), millis,
                exchange.getRemoteAddress().getAddress().getHostAddress());
    }
}
