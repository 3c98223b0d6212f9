package dev.ecscanary.spec;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Binds a spec's tree to a {@link CanarySpec} and reports every value that cannot be bound, not only
 * the first: each problem value is taken out of the tree (a field removed, a list item left empty)
 * and binding tries again, until it succeeds or nothing more can be taken out. The fields taken out
 * are remembered, so that the validator's complaints about their absence are not reported twice.
 */
final class SpecBinder {

    /** More than any real spec has wrong at once; a bound on the attempts, whatever the input. */
    private static final int MAX_PROBLEMS = 100;

    /**
     * @param spec     the spec bound from what remained; null when even that could not be bound
     * @param problems one per value that could not be bound, with its field and line
     * @param removed  the field paths taken out of the tree
     */
    record Bound(CanarySpec spec, List<SpecProblem> problems, Set<String> removed) {

        /** Whether a validator's problem at {@code field} is only the absence of a value already reported. */
        boolean explains(String field) {
            for (String path : removed) {
                if (field.equals(path) || field.startsWith(path + ".") || field.startsWith(path + "[")) {
                    return true;
                }
            }
            return false;
        }
    }

    private SpecBinder() {
    }

    static Bound bind(ObjectNode tree, SourceLines lines) {
        List<SpecProblem> problems = new ArrayList<>();
        Set<String> removed = new LinkedHashSet<>();
        for (int attempt = 0; attempt < MAX_PROBLEMS; attempt++) {
            List<Object> at;
            String message;
            try {
                return new Bound(Mappers.yaml().treeToValue(tree, CanarySpec.class), problems, removed);
            } catch (JsonMappingException e) {
                at = segments(e.getPath());
                message = e.getCause() instanceof InputCoercionException range ? outOfRange(range, tree, at) : message(e);
            } catch (InputCoercionException e) {
                at = segments(((JsonParser) e.getProcessor()).getParsingContext());
                message = outOfRange(e, tree, at);
            } catch (IOException e) {
                at = List.of();
                message = e.getMessage();
            }
            String field = FieldPaths.of(at);
            problems.add(new SpecProblem(field, lines.lineOf(field), message));
            if (at.isEmpty() || !removed.add(field) || !remove(tree, at)) {
                return new Bound(null, problems, removed);
            }
        }
        return new Bound(null, problems, removed);
    }

    // ---------------------------------------------------------------------------------------------

    private static List<Object> segments(List<JsonMappingException.Reference> references) {
        List<Object> segments = new ArrayList<>();
        for (JsonMappingException.Reference reference : references) {
            if (reference.getFieldName() != null) {
                segments.add(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                segments.add(reference.getIndex());
            }
        }
        return segments;
    }

    private static List<Object> segments(JsonStreamContext context) {
        Deque<Object> segments = new ArrayDeque<>();
        for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
            if (c.inArray() && c.getCurrentIndex() >= 0) {
                segments.addFirst(c.getCurrentIndex());
            } else if (c.inObject() && c.getCurrentName() != null) {
                segments.addFirst(c.getCurrentName());
            }
        }
        return new ArrayList<>(segments);
    }

    /** Takes the value at {@code at} out: a field is removed, a list item becomes empty (later items keep their index). */
    private static boolean remove(JsonNode root, List<Object> at) {
        JsonNode parent = root;
        for (Object segment : at.subList(0, at.size() - 1)) {
            parent = segment instanceof Integer index ? parent.path(index) : parent.path((String) segment);
        }
        Object last = at.get(at.size() - 1);
        if (parent instanceof ObjectNode object && last instanceof String name && object.has(name)) {
            object.remove(name);
            return true;
        }
        if (parent instanceof ArrayNode array && last instanceof Integer index && index < array.size()) {
            array.set(index, NullNode.getInstance());
            return true;
        }
        return false;
    }

    private static JsonNode at(JsonNode root, List<Object> at) {
        JsonNode node = root;
        for (Object segment : at) {
            node = segment instanceof Integer index ? node.path(index) : node.path((String) segment);
        }
        return node;
    }

    // ---------------------------------------------------------------------------------------------

    private static String outOfRange(InputCoercionException e, JsonNode tree, List<Object> at) {
        JsonNode value = at(tree, at);
        Class<?> type = e.getTargetType();
        String limit = type == Integer.class || type == int.class ? " (at most " + Integer.MAX_VALUE + ")"
                : type == Long.class || type == long.class ? " (at most " + Long.MAX_VALUE + ")" : "";
        return (value.isNumber() ? value.asText() : "the number") + " is out of range" + limit;
    }

    static String message(JsonMappingException e) {
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
            if (format.getTargetType() == java.time.Duration.class
                    || (format.getTargetType() != null && format.getTargetType().isEnum()
                    && cause instanceof IllegalArgumentException)) {
                // Our own readers say what is allowed, in the spec's words.
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
