package dev.ecscanary.events;

import dev.ecscanary.port.StateStore.StateStoreException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * One delivery of an event to an endpoint, whatever serves the HTTP: checks the secret (401), then
 * the size (413, declared or read), then hands the event to the intake, which records it before the
 * answer: 202 for anything well-formed (recorded, duplicate, stale, ignored), 400 for what cannot be
 * read, 503 when the state table cannot be reached (EventBridge retries 5xx answers), 500 otherwise.
 */
public final class EventReceiver {

    /** The header EventBridge's connection sends the shared secret in. */
    public static final String SECRET_HEADER = "X-Ecs-Canary-Secret";

    private final SharedSecret secret;
    private final EcsEventIntake intake;
    private final BiConsumer<String, Exception> onError;

    /** @param onError told of every delivery answered 5xx: the answer's result (store-unavailable, error) and why */
    public EventReceiver(SharedSecret secret, EcsEventIntake intake, BiConsumer<String, Exception> onError) {
        this.secret = Objects.requireNonNull(secret, "secret");
        this.intake = Objects.requireNonNull(intake, "intake");
        this.onError = Objects.requireNonNull(onError, "onError");
    }

    /**
     * @param presentedSecret the {@value #SECRET_HEADER} header, or null
     * @param declaredLength  the Content-Length, or -1 when none was declared
     */
    public EventAnswer receive(String presentedSecret, long declaredLength, InputStream body) {
        try {
            if (!secret.matches(presentedSecret)) {
                return EventAnswer.error(401, "unauthorized", "unauthorized");
            }
            String tooLarge = "the event is larger than " + EcsEventIntake.MAX_EVENT_BYTES + " bytes";
            if (declaredLength > EcsEventIntake.MAX_EVENT_BYTES) {
                if (declaredLength <= BoundedBody.DISCARD_LIMIT) {
                    BoundedBody.discard(body, declaredLength);
                }
                return EventAnswer.error(413, "too-large", tooLarge);
            }
            Optional<byte[]> event = BoundedBody.read(body, EcsEventIntake.MAX_EVENT_BYTES);
            if (event.isEmpty()) {
                return EventAnswer.error(413, "too-large", tooLarge);
            }
            return EventAnswer.of(intake.accept(new String(event.get(), StandardCharsets.UTF_8)));
        } catch (StateStoreException e) {
            onError.accept("store-unavailable", e);
            return EventAnswer.error(503, "store-unavailable", "the state table cannot be reached; retry later");
        } catch (IOException | RuntimeException e) {
            onError.accept("error", e);
            return EventAnswer.error(500, "error", "the event could not be recorded; retry later");
        }
    }
}
