package dev.ecscanary.spec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * References from a spec to stack outputs: {@code ${GreenTargetGroupArn}} (the last stack that
 * outputs it) or {@code ${shop-setup.GreenTargetGroupArn}} (that stack's). The first deployment
 * creates the shared setup, so names such as the hosted zone id or the target group ARN are only
 * known once its stacks are ready.
 */
public final class OutputReferences {

    private static final Pattern REFERENCE = Pattern.compile("\\$\\{([A-Za-z0-9-]+(?:\\.[A-Za-z0-9]+)?)}");
    private static final List<String> SECTIONS = List.of("dns", "green", "blue", "gates");

    private OutputReferences() {
    }

    public static boolean isReference(String value) {
        return value != null && REFERENCE.matcher(value).find();
    }

    /** Whether the DNS section can be used before any stack ran. */
    public static boolean dnsIsConcrete(CanarySpec spec) {
        return referencesIn(Mappers.json().valueToTree(spec.dns())).isEmpty();
    }

    /** The DNS section with its references replaced, if every one of them has an output yet. */
    public static java.util.Optional<DnsSpec> resolveDns(CanarySpec spec, Map<String, String> outputs) {
        Set<String> missing = new TreeSet<>();
        JsonNode dns = substitute(Mappers.json().valueToTree(spec.dns()), outputs, missing);
        if (!missing.isEmpty()) {
            return java.util.Optional.empty();
        }
        try {
            return java.util.Optional.of(Mappers.json().treeToValue(dns, DnsSpec.class));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a resolved DNS section no longer reads back: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * The spec with every reference replaced by its output.
     *
     * @param outputs keyed both {@code Name} and {@code stack.Name}
     * @throws UnresolvedReferenceException naming each reference no stack produced
     */
    public static CanarySpec resolve(CanarySpec spec, Map<String, String> outputs) {
        ObjectNode tree = Mappers.json().valueToTree(spec);
        Set<String> missing = new TreeSet<>();
        for (String section : SECTIONS) {
            JsonNode node = tree.get(section);
            if (node != null) {
                tree.set(section, substitute(node, outputs, missing));
            }
        }
        if (!missing.isEmpty()) {
            throw new UnresolvedReferenceException(missing, new TreeSet<>(outputs.keySet()));
        }
        try {
            return Mappers.json().treeToValue(tree, CanarySpec.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a resolved spec no longer reads back: " + e.getOriginalMessage(), e);
        }
    }

    private static JsonNode substitute(JsonNode node, Map<String, String> outputs, Set<String> missing) {
        if (node.isTextual()) {
            Matcher m = REFERENCE.matcher(node.textValue());
            StringBuilder out = new StringBuilder();
            while (m.find()) {
                String value = outputs.get(m.group(1));
                if (value == null) {
                    missing.add(m.group(1));
                    value = m.group();
                }
                m.appendReplacement(out, Matcher.quoteReplacement(value));
            }
            m.appendTail(out);
            return TextNode.valueOf(out.toString());
        }
        if (node instanceof ObjectNode object) {
            for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                field.setValue(substitute(field.getValue(), outputs, missing));
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                array.set(i, substitute(array.get(i), outputs, missing));
            }
        }
        return node;
    }

    /**
     * Every reference in the sections that may hold them, by the field that holds it
     * ({@code dns.hostedZoneId} to {@code [shop-setup.HostedZoneId]}), in the spec's order.
     */
    static Map<String, Set<String>> byField(CanarySpec spec) {
        Map<String, Set<String>> found = new java.util.LinkedHashMap<>();
        ObjectNode tree = Mappers.json().valueToTree(spec);
        for (String section : SECTIONS) {
            JsonNode node = tree.get(section);
            if (node != null) {
                collect(node, section, found);
            }
        }
        return found;
    }

    private static void collect(JsonNode node, String path, Map<String, Set<String>> found) {
        if (node.isTextual()) {
            Matcher m = REFERENCE.matcher(node.textValue());
            while (m.find()) {
                found.computeIfAbsent(path, p -> new java.util.LinkedHashSet<>()).add(m.group(1));
            }
        } else if (node instanceof ObjectNode object) {
            object.fields().forEachRemaining(field -> collect(field.getValue(), path + "." + field.getKey(), found));
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                collect(array.get(i), path + "[" + i + "]", found);
            }
        }
    }

    private static Set<String> referencesIn(JsonNode node) {
        Set<String> found = new TreeSet<>();
        substitute(node.deepCopy(), Map.of(), found);
        return found;
    }

    /** A spec refers to stack outputs that no stack produced. */
    public static final class UnresolvedReferenceException extends RuntimeException {
        public UnresolvedReferenceException(Set<String> missing, Set<String> available) {
            super("the spec refers to stack outputs that no stack produced: " + missing
                    + " (available: " + (available.isEmpty() ? "none" : available) + ")");
        }
    }
}
