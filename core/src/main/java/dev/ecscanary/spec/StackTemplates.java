package dev.ecscanary.spec;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

/** Where a stack's template lives, and what a local one declares. */
public final class StackTemplates {

    private StackTemplates() {
    }

    public static boolean isUrl(String template) {
        return template.startsWith("https://") || template.startsWith("http://");
    }

    /**
     * The outputs a local template (YAML or JSON) declares, by name; empty when the template cannot be
     * read or parsed here (a URL, a file elsewhere), for then nothing can be said about them. The
     * template's short-form functions ({@code !Ref}, {@code !GetAtt}) are only composed, never run.
     */
    public static Optional<Set<String>> declaredOutputs(String template) {
        if (template == null || isUrl(template)) {
            return Optional.empty();
        }
        Path file = Path.of(template);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            Node root = new Yaml(new LoaderOptions()).compose(reader);
            if (!(root instanceof MappingNode mapping)) {
                return Optional.empty();
            }
            Set<String> outputs = new LinkedHashSet<>();
            for (NodeTuple section : mapping.getValue()) {
                if (section.getKeyNode() instanceof ScalarNode key && key.getValue().equals("Outputs")
                        && section.getValueNode() instanceof MappingNode declared) {
                    for (NodeTuple output : declared.getValue()) {
                        if (output.getKeyNode() instanceof ScalarNode name) {
                            outputs.add(name.getValue());
                        }
                    }
                }
            }
            return Optional.of(outputs);
        } catch (IOException | YAMLException e) {
            return Optional.empty();
        }
    }
}
