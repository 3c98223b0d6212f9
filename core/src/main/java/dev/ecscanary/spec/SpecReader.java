package dev.ecscanary.spec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * Reads a canary spec from YAML, strictly: a syntax error, an unknown field, a wrong type or any
 * rule of {@link SpecValidator} broken gives an {@link InvalidSpecException} naming the field and
 * the line, and no spec.
 */
public final class SpecReader {

    private SpecReader() {
    }

    public static CanarySpec read(Path file) {
        String source = file.toString();
        String yaml;
        try {
            yaml = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new InvalidSpecException(source, List.of(new SpecProblem("", 0, "no such file")));
        } catch (IOException e) {
            throw new InvalidSpecException(source, List.of(new SpecProblem("", 0, "cannot be read: " + e.getMessage())));
        }
        Path baseDir = file.toAbsolutePath().getParent();
        return parse(yaml, source, baseDir);
    }

    /**
     * @param source  how to name the spec in messages (a file name), or null
     * @param baseDir where relative stack template paths are resolved
     */
    public static CanarySpec parse(String yaml, String source, Path baseDir) {
        return parse(yaml, source, baseDir, UnaryOperator.identity());
    }

    /**
     * As {@link #parse(String, String, Path)}, with a host's own changes (the Jenkins step's
     * arguments) applied to the bound spec before it is validated, so problems they fix are not
     * reported and problems they cause still point at the file's lines.
     *
     * @param adjust may throw IllegalArgumentException naming what it could not apply
     */
    public static CanarySpec parse(String yaml, String source, Path baseDir, UnaryOperator<CanarySpec> adjust) {
        if (yaml.isBlank()) {
            throw new InvalidSpecException(source, List.of(new SpecProblem("", 0, "the spec is empty")));
        }
        CanarySpec spec;
        try {
            spec = Mappers.yaml().readValue(yaml, CanarySpec.class);
        } catch (JsonProcessingException e) {
            throw new InvalidSpecException(source, List.of(problemOf(e, yaml)));
        }
        if (spec == null) {
            throw new InvalidSpecException(source, List.of(new SpecProblem("", 0, "the spec is empty")));
        }
        spec = adjust.apply(withTemplatesResolved(spec, baseDir));
        SourceLines lines = SourceLines.of(yaml);
        List<SpecProblem> problems = SpecValidator.problems(spec).stream()
                .map(p -> p.withLine(lines.lineOf(p.field())))
                .toList();
        if (!problems.isEmpty()) {
            throw new InvalidSpecException(source, problems);
        }
        return spec;
    }

    private static CanarySpec withTemplatesResolved(CanarySpec spec, Path baseDir) {
        if (baseDir == null) {
            return spec;
        }
        List<StackSpec> stacks = new ArrayList<>();
        for (StackSpec stack : spec.stacks()) {
            if (stack == null || stack.template() == null || StackTemplates.isUrl(stack.template())) {
                stacks.add(stack);
            } else {
                String absolute = baseDir.resolve(stack.template()).normalize().toString();
                stacks.add(new StackSpec(stack.name(), absolute, stack.parameters()));
            }
        }
        return new CanarySpec(spec.deploymentId(), spec.stateTable(), spec.region(), spec.dns(), spec.green(),
                spec.blue(), stacks, spec.steps(), spec.gates(), spec.timeouts());
    }

    private static SpecProblem problemOf(JsonProcessingException e, String yaml) {
        int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
        if (!(e instanceof JsonMappingException mapping)) {
            return new SpecProblem("", line, "YAML syntax error: " + e.getOriginalMessage());
        }
        // The parser has often read ahead when binding fails: the field's own line is more exact.
        String field = FieldPaths.of(mapping.getPath());
        int fieldLine = field.isEmpty() ? 0 : SourceLines.of(yaml).lineOf(field);
        return new SpecProblem(field, fieldLine > 0 ? fieldLine : line, bindingMessage(mapping));
    }

    private static String bindingMessage(JsonMappingException e) {
        if (e instanceof UnrecognizedPropertyException unknown) {
            String known = unknown.getKnownPropertyIds() == null ? "" : unknown.getKnownPropertyIds().stream()
                    .map(Object::toString).collect(Collectors.toCollection(TreeSet::new)).toString();
            return "unknown field '" + unknown.getPropertyName() + "'" + (known.isEmpty() ? "" : " (known: "
                    + known.substring(1, known.length() - 1) + ")");
        }
        if (e instanceof InvalidTypeIdException typeId) {
            return "unknown gate type '" + typeId.getTypeId()
                    + "' (known: targetHealth, alarms, metricThreshold, compareToBlue, trafficShare)";
        }
        if (e instanceof InvalidFormatException format) {
            Throwable cause = format.getCause();
            String why = cause != null && cause.getMessage() != null ? cause.getMessage() : format.getOriginalMessage();
            if (format.getTargetType() == java.time.Duration.class) {
                return why;
            }
            return "'" + format.getValue() + "' is not a valid " + typeName(format.getTargetType())
                    + (cause instanceof IllegalArgumentException ? ": " + why : "");
        }
        if (e instanceof ValueInstantiationException instantiation && instantiation.getCause() != null) {
            return instantiation.getCause().getMessage();
        }
        if (e instanceof MismatchedInputException mismatch) {
            String message = mismatch.getOriginalMessage();
            if (message != null && message.contains("steps must be")) {
                return "steps must be a list of steps or a schedule {progression, first, count, bake, approval}";
            }
            if (message != null && message.startsWith("Missing type id")) {
                return "a gate needs a 'type' (one of: targetHealth, alarms, metricThreshold, compareToBlue, trafficShare)";
            }
            return "expected " + typeName(mismatch.getTargetType());
        }
        return e.getOriginalMessage();
    }

    private static String typeName(Class<?> type) {
        if (type == null) {
            return "value";
        }
        if (type == Double.class || type == double.class) {
            return "number";
        }
        if (type == Integer.class || type == int.class || type == Long.class) {
            return "whole number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "text";
        }
        if (java.util.List.class.isAssignableFrom(type)) {
            return "list";
        }
        if (Map.class.isAssignableFrom(type) || type.isRecord()) {
            return "mapping of fields";
        }
        if (type.isEnum()) {
            return "one of " + java.util.Arrays.stream(type.getEnumConstants())
                    .map(c -> c.toString().toLowerCase(java.util.Locale.ROOT)).collect(Collectors.joining(", "));
        }
        return type.getSimpleName();
    }
}
