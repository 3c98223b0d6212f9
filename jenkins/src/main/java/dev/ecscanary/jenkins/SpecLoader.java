package dev.ecscanary.jenkins;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.ecscanary.spec.CanarySpec;
import dev.ecscanary.spec.InvalidSpecException;
import dev.ecscanary.spec.Mappers;
import dev.ecscanary.spec.SpecProblem;
import dev.ecscanary.spec.SpecReader;
import dev.ecscanary.spec.StackSpec;
import dev.ecscanary.spec.StackTemplates;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import hudson.FilePath;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads a spec from the build's workspace (which may be on an agent) for the engine, which runs on
 * the controller: the spec's local stack templates are copied to the controller, into a directory
 * named by their content, so the same files give the same paths (and the same spec digest) after a
 * restart or in a rebuild. The step's overrides are then applied and the result validated. Problems
 * are reported as {@link SpecReader} reports them: every one, with its field and line.
 *
 * <p>Blocking (remote file reads): never call it on the CPS VM thread.
 */
final class SpecLoader {

    /** Larger specs or templates are refused before they are read into memory. */
    static final long MAX_FILE_BYTES = 1024 * 1024;

    private static final Pattern WINDOWS_ABSOLUTE = Pattern.compile("^([A-Za-z]:[\\\\/]|[\\\\/]).*");

    private SpecLoader() {
    }

    /**
     * @param templateStore where templates are copied on the controller (under JENKINS_HOME)
     * @throws AbortException when the spec cannot be read, is invalid, or the overrides do not fit it
     */
    @NonNull
    static CanarySpec load(@NonNull FilePath workspace, @NonNull String specPath, @NonNull SpecOverrides overrides,
                           @NonNull Path templateStore) throws IOException, InterruptedException {
        FilePath specFile = workspace.child(specPath);
        FilePath specDirectory = specFile.getParent();
        if (!specFile.exists() || specFile.isDirectory() || specDirectory == null) {
            throw new AbortException("no spec file '" + specPath + "' in the workspace " + workspace.getRemote());
        }
        String yaml = new String(read(specFile, specPath), StandardCharsets.UTF_8);
        CanarySpec fileSpec = bindOrExplain(yaml, specPath);

        List<SpecProblem> ownProblems = new ArrayList<>();
        List<LocalTemplate> templates = new ArrayList<>();
        for (int i = 0; i < fileSpec.stacks().size(); i++) {
            StackSpec stack = fileSpec.stacks().get(i);
            if (stack == null || stack.template() == null || stack.template().isBlank()
                    || StackTemplates.isUrl(stack.template())) {
                continue;
            }
            String field = "stacks[" + i + "].template";
            if (WINDOWS_ABSOLUTE.matcher(stack.template()).matches()) {
                ownProblems.add(new SpecProblem(field, 0, "give a path relative to the spec file: the controller "
                        + "copies templates from the workspace (was " + stack.template() + ")"));
                continue;
            }
            FilePath file = specDirectory.child(stack.template());
            if (!file.exists() || file.isDirectory()) {
                ownProblems.add(new SpecProblem(field, 0, "no such file in the workspace: " + file.getRemote()));
                continue;
            }
            byte[] content;
            try {
                content = read(file, field);
            } catch (AbortException tooLarge) {
                ownProblems.add(new SpecProblem(field, 0, tooLarge.getMessage()));
                continue;
            }
            templates.add(new LocalTemplate(field, segments(stack.template()), content));
        }

        Path base = mirror(templates, templateStore);
        Set<String> ownFields = ownProblems.stream().map(SpecProblem::field).collect(Collectors.toSet());
        List<SpecProblem> problems = new ArrayList<>(ownProblems);
        CanarySpec spec = null;
        try {
            spec = SpecReader.parse(yaml, specPath, base, overrides::apply);
        } catch (InvalidSpecException e) {
            // A template missing from the workspace is already reported, in the workspace's terms.
            e.problems().stream().filter(p -> !ownFields.contains(p.field())).forEach(problems::add);
        } catch (IllegalArgumentException e) {
            throw new AbortException(e.getMessage());
        }
        if (!problems.isEmpty()) {
            throw new AbortException(new InvalidSpecException(specPath, problems).getMessage());
        }
        return spec;
    }

    /** The spec bound without validation, or the reader's own message for why it cannot be. */
    private static CanarySpec bindOrExplain(String yaml, String specPath) throws AbortException {
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
            throw new AbortException(e.getMessage());
        }
        throw new AbortException(specPath + " cannot be read as a canary spec"
                + (bindingError == null ? "" : ": " + bindingError.getMessage()));
    }

    private static byte[] read(FilePath file, String what) throws IOException, InterruptedException {
        long length = file.length();
        if (length > MAX_FILE_BYTES) {
            throw new AbortException(what + " is " + length + " bytes, more than the " + MAX_FILE_BYTES + " allowed");
        }
        try (InputStream in = file.read()) {
            byte[] bytes = in.readNBytes((int) MAX_FILE_BYTES + 1);
            if (bytes.length > MAX_FILE_BYTES) {
                throw new AbortException(what + " is larger than the " + MAX_FILE_BYTES + " bytes allowed");
            }
            return bytes;
        }
    }

    /**
     * Copies the templates under {@code store/<digest of names and contents>/}, at their paths relative
     * to the spec, and returns the directory that plays the spec's directory there. Paths that climb
     * out of the spec's directory ({@code ../cfn/x.yaml}) stay inside: the spec's stand-in directory is
     * nested as deep as they climb.
     */
    static Path mirror(List<LocalTemplate> templates, Path store) throws IOException {
        int depth = 0;
        TreeMap<String, byte[]> byPath = new TreeMap<>();
        for (LocalTemplate template : templates) {
            int climbs = 0;
            while (climbs < template.segments.size() && template.segments.get(climbs).equals("..")) {
                climbs++;
            }
            depth = Math.max(depth, climbs);
            byPath.put(String.join("/", template.segments), template.content);
        }
        MessageDigest digest = sha256();
        byPath.forEach((path, content) -> {
            digest.update(path.getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            digest.update(sha256().digest(content));
        });
        Path root = store.resolve(HexFormat.of().formatHex(digest.digest()));
        Path base = root;
        for (int i = 0; i < depth; i++) {
            base = base.resolve("_");
        }
        for (var entry : byPath.entrySet()) {
            Path target = base.resolve(entry.getKey()).normalize();
            if (!target.startsWith(root)) {
                throw new IllegalStateException("template path " + entry.getKey() + " escapes " + root);
            }
            writeOnce(target, entry.getValue());
        }
        Files.createDirectories(base);
        // Marks the copy as in use: TemplateStore keeps copies used within its retention.
        Files.setLastModifiedTime(root, FileTime.from(Instant.now()));
        return base;
    }

    private static void writeOnce(Path target, byte[] content) throws IOException {
        if (Files.isRegularFile(target) && Arrays.equals(Files.readAllBytes(target), content)) {
            return;
        }
        Path directory = target.toAbsolutePath().getParent();
        if (directory == null) {
            throw new IOException("no directory to write " + target + " in");
        }
        Files.createDirectories(directory);
        Path temporary = Files.createTempFile(directory, ".template-", ".part");
        try {
            Files.write(temporary, content);
            try {
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /** As {@link SpecReader} resolves local templates: against the spec's directory, normalised. */
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

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A template of the spec as read from the workspace. */
    record LocalTemplate(String field, List<String> segments, byte[] content) {
    }
}
