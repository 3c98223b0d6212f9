package dev.ecscanary.jenkins;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.ecscanary.spec.CanarySpec;
import dev.ecscanary.spec.InvalidSpecException;
import dev.ecscanary.spec.Mappers;
import dev.ecscanary.spec.SpecProblem;
import dev.ecscanary.spec.SpecReader;
import dev.ecscanary.spec.StackSpec;
import dev.ecscanary.spec.StackTemplates;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads a spec from the build's workspace (which may be on an agent) for the engine, which runs on
 * the controller: the spec's local stack templates are copied into the controller's
 * {@link TemplateStore}, by content, so the same files give the same paths (and the same spec digest)
 * after a restart or in a rebuild. The step's overrides are then applied and the result validated.
 * Problems are reported as {@link SpecReader} reports them: every one, with its field and line. Free of
 * Jenkins types: the workspace is a {@link Workspace}.
 *
 * <p>Blocking (remote file reads): never call it on the CPS VM thread.
 */
final class SpecLoader {

    /** Larger specs or templates are refused before more of them is read into memory. */
    static final int MAX_FILE_BYTES = 1024 * 1024;

    private static final Pattern ABSOLUTE = Pattern.compile("^([A-Za-z]:[\\\\/]|[\\\\/]).*");

    /** The files of a workspace, by path relative to it. */
    interface Workspace {
        /** At most {@code limit + 1} bytes of the file; empty when there is no such file. */
        Optional<byte[]> read(String relativePath, int limit) throws IOException, InterruptedException;

        /** The path as the workspace's machine names it, for messages. */
        String describe(String relativePath);
    }

    private SpecLoader() {
    }

    /**
     * @throws StepFailure when the spec cannot be read or is invalid (every problem, with its line), or
     *                     the overrides do not fit it
     */
    static CanarySpec load(Workspace workspace, String specPath, SpecOverrides overrides, TemplateStore templates)
            throws IOException, InterruptedException, StepFailure {
        byte[] specBytes = workspace.read(specPath, MAX_FILE_BYTES).orElseThrow(() -> new StepFailure(
                "no spec file '" + specPath + "' in the workspace: " + workspace.describe(specPath)));
        if (specBytes.length > MAX_FILE_BYTES) {
            throw new StepFailure(specPath + " is larger than the " + MAX_FILE_BYTES + " bytes allowed");
        }
        String yaml = new String(specBytes, StandardCharsets.UTF_8);
        CanarySpec fileSpec = bindOrExplain(yaml, specPath);
        List<String> specDirectory = segments(specPath);
        specDirectory = specDirectory.isEmpty() ? specDirectory : specDirectory.subList(0, specDirectory.size() - 1);

        List<SpecProblem> ownProblems = new ArrayList<>();
        List<TemplateStore.Template> read = new ArrayList<>();
        for (int i = 0; i < fileSpec.stacks().size(); i++) {
            StackSpec stack = fileSpec.stacks().get(i);
            if (stack == null || stack.template() == null || stack.template().isBlank()
                    || StackTemplates.isUrl(stack.template())) {
                continue;
            }
            String field = "stacks[" + i + "].template";
            if (ABSOLUTE.matcher(stack.template()).matches()) {
                ownProblems.add(new SpecProblem(field, 0, "give a path relative to the spec file: the controller "
                        + "copies templates from the workspace (was " + stack.template() + ")"));
                continue;
            }
            String inWorkspace = relativeTo(specDirectory, stack.template());
            Optional<byte[]> content = workspace.read(inWorkspace, MAX_FILE_BYTES);
            if (content.isEmpty()) {
                ownProblems.add(new SpecProblem(field, 0, "no such file in the workspace: "
                        + workspace.describe(inWorkspace)));
            } else if (content.get().length > MAX_FILE_BYTES) {
                ownProblems.add(new SpecProblem(field, 0, "larger than the " + MAX_FILE_BYTES + " bytes allowed"));
            } else {
                read.add(new TemplateStore.Template(segments(stack.template()), content.get()));
            }
        }

        Path base = templates.copy(read);
        Set<String> ownFields = ownProblems.stream().map(SpecProblem::field).collect(Collectors.toSet());
        List<SpecProblem> problems = new ArrayList<>(ownProblems);
        CanarySpec spec = null;
        try {
            spec = SpecReader.parse(yaml, specPath, base, overrides::apply);
        } catch (InvalidSpecException e) {
            // A template missing from the workspace is already reported, in the workspace's terms.
            e.problems().stream().filter(p -> !ownFields.contains(p.field())).forEach(problems::add);
        } catch (IllegalArgumentException e) {
            throw new StepFailure(e.getMessage());
        }
        if (!problems.isEmpty()) {
            throw new StepFailure(new InvalidSpecException(specPath, problems).getMessage());
        }
        return spec;
    }

    /** The spec bound without validation, or the reader's own message for why it cannot be. */
    private static CanarySpec bindOrExplain(String yaml, String specPath) throws StepFailure {
        CanarySpec bound = null;
        RuntimeException bindingError = null;
        try {
            bound = yaml.isBlank() ? null : Mappers.yaml().readValue(yaml, CanarySpec.class);
        } catch (JsonProcessingException | RuntimeException e) {
            bindingError = e instanceof RuntimeException runtime ? runtime : new IllegalArgumentException(e);
        }
        if (bound != null) {
            return bound;
        }
        try {
            SpecReader.parse(yaml, specPath, null);
        } catch (InvalidSpecException e) {
            throw new StepFailure(e.getMessage());
        }
        throw new StepFailure(specPath + " cannot be read as a canary spec"
                + (bindingError == null ? "" : ": " + bindingError.getMessage()));
    }

    /** {@code path}, relative to the spec's directory, as a path relative to the workspace. */
    private static String relativeTo(List<String> specDirectory, String path) {
        List<String> joined = new ArrayList<>(specDirectory);
        joined.add(path);
        return String.join("/", segments(String.join("/", joined)));
    }

    /** A relative path's segments, normalised ({@code a/./b/../c} → a, c); leading {@code ..} kept. */
    static List<String> segments(String relativePath) {
        Deque<String> out = new ArrayDeque<>();
        for (String segment : relativePath.split("[/\\\\]+")) {
            if (segment.isEmpty() || segment.equals(".")) {
                continue;
            }
            if (segment.equals("..") && !out.isEmpty() && !out.peekLast().equals("..")) {
                out.removeLast();
            } else {
                out.addLast(segment);
            }
        }
        return List.copyOf(out);
    }
}
