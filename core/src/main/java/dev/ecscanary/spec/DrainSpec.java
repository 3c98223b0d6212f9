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
 * The drain check: after the promotion (blue at weight 0) or a fail-back (green at weight 0), the
 * drained side's load balancer is watched for {@code window} from the moment Route53 served the
 * change, to see whether clients really left it: resolvers and JVMs that ignore the TTL, and
 * keep-alive connections, keep sending requests where they went before.
 *
 * <p>Written {@code drain: {window: 5m, maxShare: 1}} (either may be left out), or {@code drain: off}.
 *
 * @param window   how long to watch; null: {@link #DEFAULT_WINDOW} or twice the TTL and three minutes,
 *                 the longer
 * @param maxShare the drained side's share of requests (percent) below which it counts as drained;
 *                 null: {@link #DEFAULT_MAX_SHARE}
 */
@JsonDeserialize(using = DrainSpec.Reader.class)
public record DrainSpec(boolean enabled, Duration window, Double maxShare) {

    public static final DrainSpec DEFAULTS = new DrainSpec(true, null, null);
    public static final DrainSpec OFF = new DrainSpec(false, null, null);
    public static final Duration DEFAULT_WINDOW = Duration.ofMinutes(5);
    public static final double DEFAULT_MAX_SHARE = 1.0;
    /** CloudWatch publishes a load balancer's minute a minute or two after it ended. */
    public static final Duration PUBLICATION_DELAY = Duration.ofMinutes(2);

    /** The window for records of this TTL. */
    public Duration windowFor(Duration ttl) {
        if (window != null) {
            return window;
        }
        Duration fromTtl = ttl.multipliedBy(2).plus(Duration.ofMinutes(3));
        return fromTtl.compareTo(DEFAULT_WINDOW) > 0 ? fromTtl : DEFAULT_WINDOW;
    }

    /**
     * How long the check adds after the last bake of a promotion: it watches blue from the last
     * step's INSYNC, so the TTL wait and the last bake count towards its window.
     */
    public Duration afterLastBake(Duration ttl, Duration lastBake) {
        Duration left = windowFor(ttl).plus(PUBLICATION_DELAY).minus(ttl).minus(lastBake);
        return left.isNegative() ? Duration.ZERO : left;
    }

    public double maxShareOrDefault() {
        return maxShare != null ? maxShare : DEFAULT_MAX_SHARE;
    }

    /** As written: {@code off}, or the mapping. */
    @JsonValue
    Object written() {
        return enabled ? new Fields(window, maxShare) : "off";
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Fields(Duration window, Double maxShare) {
    }

    static final class Reader extends JsonDeserializer<DrainSpec> {
        @Override
        public DrainSpec deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            if (parser.currentToken() == JsonToken.START_OBJECT) {
                Fields fields = context.readValue(parser, Fields.class);
                return new DrainSpec(true, fields.window(), fields.maxShare());
            }
            if (parser.currentToken() == JsonToken.VALUE_FALSE
                    || (parser.currentToken() == JsonToken.VALUE_STRING && parser.getText().trim().equals("off"))) {
                return OFF;
            }
            throw JsonMappingException.from(parser, "drain is 'off' or a mapping {window, maxShare}, e.g. "
                    + "{window: 5m, maxShare: 1}");
        }
    }
}
