package dev.ecscanary.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import java.io.IOException;
import java.time.Duration;

/**
 * How long a step bakes: at least {@code min}; then it passes at the first evaluation in which every
 * gate passes, and fails back at once when one fails. With {@code max}, a step whose gates are still
 * undecided (INCONCLUSIVE: too little evidence) fails back when {@code max} has passed since the
 * bake began; without it, when {@code timeouts.gateHold} has passed after {@code min}.
 *
 * <p>Written {@code bake: 5m}, or sized by evidence: {@code bake: {min: 5m, max: 30m, untilDecided: true}}.
 *
 * @param max null: bounded by {@code timeouts.gateHold} after {@code min}
 */
@JsonDeserialize(using = Bake.Reader.class)
public record Bake(Duration min, Duration max) {

    public static final Bake NONE = new Bake(Duration.ZERO, null);

    public Bake {
        min = min == null ? Duration.ZERO : min;
    }

    public static Bake of(Duration min) {
        return new Bake(min, null);
    }

    /** The longest a step can bake: {@code max}, else {@code min} and then the gate hold. */
    public Duration longest(Duration gateHold) {
        return max != null ? max : min.plus(gateHold);
    }

    /** {@code 5m}, or {@code 5m..30m}. */
    public String describe() {
        return max == null ? Durations.format(min) : Durations.format(min) + ".." + Durations.format(max);
    }

    /** As written: a duration alone, or the bounds. */
    @JsonValue
    Object written() {
        return max == null ? min : new Bounds(min, max, null);
    }

    /** The mapping form as YAML has it. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonDeserialize(using = JsonDeserializer.None.class)
    record Bounds(Duration min, Duration max, Boolean untilDecided) {
    }

    static final class Reader extends JsonDeserializer<Bake> {
        @Override
        public Bake deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            if (parser.currentToken() == JsonToken.START_OBJECT) {
                Bounds bounds = context.readValue(parser, Bounds.class);
                if (Boolean.FALSE.equals(bounds.untilDecided())) {
                    throw JsonMappingException.from(parser, "untilDecided: false is not a bake: write "
                            + "'bake: <duration>' for a fixed bake (held up to timeouts.gateHold while gates are "
                            + "undecided)");
                }
                if (bounds.min() == null) {
                    throw JsonMappingException.from(parser, "a bake's mapping needs min (and usually max), e.g. "
                            + "{min: 5m, max: 30m}");
                }
                return new Bake(bounds.min(), bounds.max());
            }
            return Bake.of(context.readValue(parser, Duration.class));
        }

        @Override
        public Bake getNullValue(DeserializationContext context) {
            return null;
        }
    }
}
