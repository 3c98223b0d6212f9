package dev.ecscanary.spec;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.time.Duration;

/**
 * The strict JSON and YAML mappers every part of ecs-canary shares: unknown fields, nulls for
 * primitives and fractional counts are errors; durations read and write as {@code 5m}.
 */
public final class Mappers {

    private static final ObjectMapper YAML = configure(YAMLMapper.builder(
            YAMLFactory.builder().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                    // A gate's type as 'type: alarms', the way people write it, not as a YAML tag.
                    .disable(YAMLGenerator.Feature.USE_NATIVE_TYPE_ID).build()).build());
    private static final ObjectMapper JSON = configure(JsonMapper.builder().build());

    private Mappers() {
    }

    public static ObjectMapper yaml() {
        return YAML;
    }

    public static ObjectMapper json() {
        return JSON;
    }

    private static ObjectMapper configure(ObjectMapper mapper) {
        SimpleModule durations = new SimpleModule("ecs-canary-durations");
        durations.addDeserializer(Duration.class, new DurationReader());
        durations.addSerializer(Duration.class, new DurationWriter());
        return mapper
                .registerModule(new JavaTimeModule())
                .registerModule(durations)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(MapperFeature.AUTO_DETECT_IS_GETTERS);
    }

    private static final class DurationReader extends JsonDeserializer<Duration> {
        @Override
        public Duration deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            JsonToken token = parser.currentToken();
            if (token == JsonToken.VALUE_NUMBER_INT) {
                return Duration.ofSeconds(parser.getLongValue());
            }
            if (token != JsonToken.VALUE_STRING) {
                return (Duration) context.handleUnexpectedToken(Duration.class, parser);
            }
            String text = parser.getText();
            try {
                return Durations.parse(text);
            } catch (IllegalArgumentException e) {
                throw InvalidFormatException.from(parser, e.getMessage(), text, Duration.class);
            }
        }
    }

    private static final class DurationWriter extends JsonSerializer<Duration> {
        @Override
        public void serialize(Duration value, JsonGenerator generator, SerializerProvider provider) throws IOException {
            generator.writeString(Durations.format(value));
        }
    }
}
