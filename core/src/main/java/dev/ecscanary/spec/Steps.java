package dev.ecscanary.spec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The increments of a deployment: either an explicit list, or a schedule generated from a first
 * percentage and a step count. Both always end at 100 % (the validator insists).
 */
@JsonDeserialize(using = Steps.Reader.class)
public sealed interface Steps permits Steps.Explicit, Steps.Generated {

    List<StepSpec> resolve();

    static Steps of(StepSpec... steps) {
        return new Explicit(List.of(steps));
    }

    /** {@code steps: [{percent: 10, bake: 5m}, {percent: 100, approval: true}]} */
    @JsonDeserialize(using = JsonDeserializer.None.class)
    record Explicit(@JsonValue List<StepSpec> steps) implements Steps {

        public Explicit {
            steps = Lists.copyAllowingNulls(steps);
        }

        @Override
        public List<StepSpec> resolve() {
            return steps;
        }
    }

    /** {@code steps: {progression: exponential, first: 10, count: 4, bake: 5m, approval: between}} */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonDeserialize(using = JsonDeserializer.None.class)
    record Generated(Progression progression, Double first, Integer count, Bake bake, ApprovalPolicy approval)
            implements Steps {

        public Generated {
            bake = bake == null ? Bake.NONE : bake;
            approval = approval == null ? ApprovalPolicy.NONE : approval;
        }

        /**
         * Intermediate percentages are rounded to whole percents (exact Route53 weights, readable
         * plans); the first is kept as written and the last is exactly 100.
         */
        @Override
        public List<StepSpec> resolve() {
            if (progression == null || first == null || count == null || count < 1 || !(first > 0)) {
                return List.of();
            }
            List<StepSpec> steps = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                double percent = i == count - 1 ? 100 : i == 0 ? first : Math.round(progression.at(first, count, i));
                steps.add(new StepSpec(percent, bake, approval.before(i)));
            }
            return List.copyOf(steps);
        }
    }

    enum Progression {
        LINEAR {
            @Override
            double at(double first, int count, int index) {
                return first + (100 - first) * index / (count - 1);
            }
        },
        EXPONENTIAL {
            @Override
            double at(double first, int count, int index) {
                return first * Math.pow(100 / first, (double) index / (count - 1));
            }
        };

        abstract double at(double first, int count, int index);

        @JsonCreator
        public static Progression parse(String text) {
            return Enums.parse(Progression.class, text, "progression");
        }

        @JsonValue
        public String yamlName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Which generated steps wait for a person before shifting. */
    enum ApprovalPolicy {
        NONE, BETWEEN, ALL;

        boolean before(int stepIndex) {
            return this == ALL || (this == BETWEEN && stepIndex > 0);
        }

        @JsonCreator
        public static ApprovalPolicy parse(String text) {
            return Enums.parse(ApprovalPolicy.class, text, "approval policy");
        }

        @JsonValue
        public String yamlName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** A list reads as explicit steps, a mapping as a generated schedule. */
    final class Reader extends JsonDeserializer<Steps> {
        @Override
        public Steps deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            if (parser.currentToken() == JsonToken.START_ARRAY) {
                JavaType listOfSteps = context.getTypeFactory().constructCollectionType(List.class, StepSpec.class);
                return new Explicit(context.readValue(parser, listOfSteps));
            }
            if (parser.currentToken() == JsonToken.START_OBJECT) {
                return context.readValue(parser, Generated.class);
            }
            return (Steps) context.handleUnexpectedToken(Steps.class, parser.currentToken(), parser,
                    "steps must be a list of steps or a schedule {progression, first, count, bake, approval}");
        }
    }
}
