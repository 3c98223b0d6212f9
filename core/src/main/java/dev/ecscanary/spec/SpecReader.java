package dev.ecscanary.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.UnaryOperator;

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
            yaml = TextFiles.readUtf8(file);
        } catch (TextFiles.UnreadableFileException e) {
            String why = e.getMessage().equals("is not UTF-8 text") ? "is not UTF-8 text: a spec is a YAML file in UTF-8"
                    : e.getMessage();
            throw new InvalidSpecException(source, List.of(new SpecProblem("", 0, why)));
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
        YamlDocument.Parsed parsed;
        try {
            parsed = YamlDocument.parse(yaml);
        } catch (YamlDocument.Unreadable e) {
            throw new InvalidSpecException(source, List.of(e.problem));
        }
        JsonNode root = parsed.root();
        if (root == null || root.isNull()) {
            throw new InvalidSpecException(source, List.of(new SpecProblem("", 0, "the spec is empty")));
        }
        if (!(root instanceof ObjectNode fields)) {
            throw new InvalidSpecException(source, List.of(new SpecProblem("", 1,
                    "a spec is a mapping of fields (deployment, dns, green, blue, steps, …), not a "
                            + (root.isArray() ? "list" : "single value"))));
        }
        List<SpecProblem> problems = new ArrayList<>(parsed.problems());
        SpecBinder.Bound bound = SpecBinder.bind(fields, parsed.lines());
        problems.addAll(bound.problems());
        CanarySpec spec = null;
        if (bound.spec() != null) {
            spec = adjust.apply(withTemplatesResolved(bound.spec(), baseDir));
            SpecValidator.problems(spec).stream()
                    .filter(p -> bound.problems().isEmpty() || !bound.explains(p.field()))
                    .map(p -> p.withLine(parsed.lines().lineOf(p.field())))
                    .forEach(problems::add);
        }
        if (!problems.isEmpty()) {
            problems.sort(Comparator.comparingInt(SpecProblem::line));
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
        return spec.withStacks(stacks);
    }
}
