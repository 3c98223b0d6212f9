package dev.ecscanary.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.StringReader;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * A spec's YAML as a tree of values, each with its line, read so that the tree means exactly what
 * the text says: an alias is its anchored value (never its name), a merge key ({@code <<: *base})
 * merges, a key written twice is a problem naming both lines, and plain scalars follow YAML 1.2's
 * core schema ({@code yes} and {@code on} are text, not booleans; {@code 010} is ten).
 *
 * <p>Aliases cannot make the tree large: SnakeYAML refuses more than {@value #MAX_COLLECTION_ALIASES}
 * aliases of lists or mappings, and the expanded tree may hold at most {@value #MAX_VALUES} values.
 */
final class YamlDocument {

    static final int MAX_COLLECTION_ALIASES = 50;
    static final int MAX_VALUES = 20_000;
    private static final int MAX_DEPTH = 40;

    private static final Pattern NULL = Pattern.compile("~|null|Null|NULL|");
    private static final Pattern TRUE = Pattern.compile("true|True|TRUE");
    private static final Pattern FALSE = Pattern.compile("false|False|FALSE");
    private static final Pattern DECIMAL = Pattern.compile("[-+]?[0-9]+");
    private static final Pattern OCTAL = Pattern.compile("0o[0-7]+");
    private static final Pattern HEX = Pattern.compile("0x[0-9a-fA-F]+");
    private static final Pattern FLOAT = Pattern.compile("[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?");
    private static final Pattern INFINITY = Pattern.compile("[-+]?\\.(inf|Inf|INF)");
    private static final Pattern NOT_A_NUMBER = Pattern.compile("\\.(nan|NaN|NAN)");

    /**
     * @param root     the document's value; null when the document holds nothing
     * @param lines    the line of every field path ({@code steps[1].percent})
     * @param problems what the text says that no tree can mean (duplicate keys, keys that are not
     *                 text); the tree is still complete, so binding can report more
     */
    record Parsed(JsonNode root, SourceLines lines, List<SpecProblem> problems) {
    }

    /** Thrown when the text cannot be read as YAML at all: nothing past it can be reported. */
    static final class Unreadable extends RuntimeException {
        final SpecProblem problem;

        Unreadable(SpecProblem problem) {
            super(problem.message(), null, false, false);
            this.problem = problem;
        }
    }

    private final JsonNodeFactory nodes = JsonNodeFactory.instance;
    private final Map<String, Integer> lines = new HashMap<>();
    private final List<SpecProblem> problems = new ArrayList<>();
    private final Set<Node> expanding = Collections.newSetFromMap(new IdentityHashMap<>());
    private int values;

    private YamlDocument() {
    }

    static Parsed parse(String yaml) {
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(MAX_COLLECTION_ALIASES);
        options.setAllowDuplicateKeys(true); // found and reported below, with both lines
        options.setNestingDepthLimit(MAX_DEPTH);
        Node root;
        try {
            root = new Yaml(options).compose(new StringReader(yaml));
        } catch (MarkedYAMLException e) {
            if (e.getProblem() != null && e.getProblem().startsWith("found undefined alias")) {
                String name = e.getProblem().substring("found undefined alias".length()).trim();
                throw new Unreadable(new SpecProblem("", e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1,
                        "the alias *" + name + " names no anchor before it: write &" + name
                                + " on the value it stands for, above its first use"));
            }
            throw new Unreadable(syntaxError(e));
        } catch (YAMLException e) {
            throw new Unreadable(new SpecProblem("", 0, yamlLimit(e)));
        }
        YamlDocument document = new YamlDocument();
        JsonNode tree = root == null ? null : document.value(root, "");
        return new Parsed(tree, SourceLines.of(document.lines), List.copyOf(document.problems));
    }

    /**
     * The line where the parser noticed the mistake, except for a flow collection left open
     * ({@code {a: 1} without its brace}): then the line that opened it, where the mistake is.
     */
    private static SpecProblem syntaxError(MarkedYAMLException e) {
        int problemLine = e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1;
        int contextLine = e.getContextMark() == null ? 0 : e.getContextMark().getLine() + 1;
        String problem = e.getProblem() == null ? "cannot be parsed" : e.getProblem().strip();
        String context = e.getContext() == null ? null : e.getContext().strip();
        boolean openFlow = context != null && context.contains("flow") && contextLine > 0;
        StringBuilder message = new StringBuilder("YAML syntax error: ").append(problem);
        if (context != null) {
            message.append(" (").append(context)
                    .append(contextLine > 0 && contextLine != problemLine ? " that starts on line " + contextLine : "")
                    .append(')');
        }
        if (openFlow && problemLine > contextLine) {
            message.append(", noticed on line ").append(problemLine);
        }
        return new SpecProblem("", openFlow ? contextLine : problemLine, message.toString());
    }

    private static String yamlLimit(YAMLException e) {
        String message = String.valueOf(e.getMessage());
        if (message.contains("aliases for non-scalar nodes")) {
            return "more than " + MAX_COLLECTION_ALIASES + " aliases of lists or mappings: a spec does not need that"
                    + " many, and expanding them could exhaust memory";
        }
        if (message.contains("Nesting Depth")) {
            return "the YAML nests deeper than " + MAX_DEPTH + " levels";
        }
        return "YAML cannot be read: " + message;
    }

    private JsonNode value(Node node, String path) {
        lines.putIfAbsent(path, line(node));
        if (++values > MAX_VALUES) {
            throw new Unreadable(new SpecProblem(path, line(node), "the spec expands to more than " + MAX_VALUES
                    + " values through its aliases: a spec does not need that many"));
        }
        if (!expanding.add(node)) {
            throw new Unreadable(new SpecProblem(path, line(node),
                    "an alias here refers to a value that contains it: the spec would be infinite"));
        }
        try {
            if (node instanceof MappingNode mapping) {
                return mapping(mapping, path);
            }
            if (node instanceof SequenceNode sequence) {
                ArrayNode array = nodes.arrayNode();
                List<Node> items = sequence.getValue();
                for (int i = 0; i < items.size(); i++) {
                    array.add(value(items.get(i), path + "[" + i + "]"));
                }
                return array;
            }
            return scalar((ScalarNode) node, path);
        } finally {
            expanding.remove(node);
        }
    }

    private ObjectNode mapping(MappingNode mapping, String path) {
        Map<String, Node> explicit = new LinkedHashMap<>();
        Map<String, Integer> firstLine = new LinkedHashMap<>();
        List<Node> merged = new ArrayList<>();
        for (NodeTuple tuple : mapping.getValue()) {
            Node keyNode = tuple.getKeyNode();
            if (keyNode instanceof ScalarNode key && Tag.MERGE.equals(key.getTag())) {
                merged.add(tuple.getValueNode());
                continue;
            }
            if (!(keyNode instanceof ScalarNode key)) {
                problems.add(new SpecProblem(path, line(keyNode), "a key must be a name, not a list or a mapping"));
                continue;
            }
            String name = key.getValue();
            Integer first = firstLine.putIfAbsent(name, line(keyNode));
            if (first != null) {
                problems.add(new SpecProblem(child(path, name), line(keyNode), "'" + name + "' is given twice, on line "
                        + first + " and on line " + line(keyNode) + ": say it once"));
                continue;
            }
            explicit.put(name, tuple.getValueNode());
        }
        ObjectNode object = nodes.objectNode();
        firstLine.forEach((name, keyLine) -> lines.putIfAbsent(child(path, name), keyLine));
        for (Map.Entry<String, Node> entry : explicit.entrySet()) {
            object.set(entry.getKey(), value(entry.getValue(), child(path, entry.getKey())));
        }
        for (Node source : merged) {
            merge(object, source, path);
        }
        return object;
    }

    /** {@code <<: *base} or {@code <<: [*a, *b]}: the fields this mapping does not set itself, earlier sources first. */
    private void merge(ObjectNode into, Node source, String path) {
        List<Node> sources = source instanceof SequenceNode list ? list.getValue() : List.of(source);
        for (Node each : sources) {
            if (!(each instanceof MappingNode mapping)) {
                problems.add(new SpecProblem(path, line(each), "'<<' merges mappings: give it an alias of a mapping"
                        + " or a list of them"));
                continue;
            }
            JsonNode fields = value(mapping, path);
            fields.fields().forEachRemaining(field -> {
                if (!into.has(field.getKey())) {
                    into.set(field.getKey(), field.getValue());
                }
            });
        }
    }

    /**
     * Text stays text: a quoted scalar, or a plain one SnakeYAML read as text (or that was tagged
     * {@code !!str}). A plain scalar SnakeYAML resolved as anything else is resolved again by YAML
     * 1.2's core schema, so YAML 1.1's {@code yes}, {@code off}, {@code 1_000} or dates stay text.
     */
    private JsonNode scalar(ScalarNode node, String path) {
        String text = node.getValue();
        Tag tag = node.getTag();
        if (!isStandard(tag)) {
            problems.add(new SpecProblem(path, line(node), "unsupported YAML tag '" + tag.getValue() + "'"));
            return nodes.textNode(text);
        }
        if (Tag.STR.equals(tag)) {
            return nodes.textNode(text);
        }
        if (NULL.matcher(text).matches()) {
            return nodes.nullNode();
        }
        if (TRUE.matcher(text).matches()) {
            return nodes.booleanNode(true);
        }
        if (FALSE.matcher(text).matches()) {
            return nodes.booleanNode(false);
        }
        if (DECIMAL.matcher(text).matches()) {
            return integer(new BigInteger(text.startsWith("+") ? text.substring(1) : text));
        }
        if (OCTAL.matcher(text).matches()) {
            return integer(new BigInteger(text.substring(2), 8));
        }
        if (HEX.matcher(text).matches()) {
            return integer(new BigInteger(text.substring(2), 16));
        }
        if (FLOAT.matcher(text).matches()) {
            return nodes.numberNode(Double.parseDouble(text));
        }
        if (INFINITY.matcher(text).matches()) {
            return nodes.numberNode(text.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY);
        }
        if (NOT_A_NUMBER.matcher(text).matches()) {
            return nodes.numberNode(Double.NaN);
        }
        return nodes.textNode(text);
    }

    /** The tags YAML resolves scalars to by itself; any other was written by hand ({@code !ref}). */
    private static boolean isStandard(Tag tag) {
        return Tag.STR.equals(tag) || Tag.INT.equals(tag) || Tag.FLOAT.equals(tag) || Tag.BOOL.equals(tag)
                || Tag.NULL.equals(tag) || Tag.TIMESTAMP.equals(tag);
    }

    private JsonNode integer(BigInteger value) {
        return value.bitLength() < 64 ? nodes.numberNode(value.longValue()) : nodes.numberNode(value);
    }

    private static String child(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    private static int line(Node node) {
        return node.getStartMark() == null ? 0 : node.getStartMark().getLine() + 1;
    }
}
