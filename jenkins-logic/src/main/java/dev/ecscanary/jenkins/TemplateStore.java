package dev.ecscanary.jenkins;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeMap;

/**
 * The stack templates copied from workspaces to the controller ({@code $JENKINS_HOME/ecs-canary/templates}),
 * one directory per distinct set of templates, named by their paths and contents: the same files give
 * the same paths, hence the same spec digest, after a restart or in a rebuild. A deployment needs its
 * copy until its stacks are applied; each use marks the directory, and copies unused for
 * {@link #RETENTION} are removed. Free of Jenkins types.
 */
final class TemplateStore {

    /** Far beyond any deployment's stack phase, and any restart of a deployment that was interrupted in it. */
    static final Duration RETENTION = Duration.ofDays(14);

    private final Path root;

    TemplateStore(Path root) {
        this.root = root;
    }

    /** A template as read from the workspace: its path relative to the spec, normalised, and its bytes. */
    record Template(List<String> segments, byte[] content) {
    }

    /**
     * Copies the templates under {@code <root>/<digest of their paths and contents>/}, at their paths
     * relative to the spec, and returns the directory that plays the spec's directory there. Paths that
     * climb out of the spec's directory ({@code ../cfn/x.yaml}) stay inside: the spec's stand-in
     * directory is nested as deep as they climb.
     */
    Path copy(List<Template> templates) throws IOException {
        int depth = 0;
        TreeMap<String, byte[]> byPath = new TreeMap<>();
        for (Template template : templates) {
            int climbs = 0;
            while (climbs < template.segments().size() && template.segments().get(climbs).equals("..")) {
                climbs++;
            }
            depth = Math.max(depth, climbs);
            byPath.put(String.join("/", template.segments()), template.content());
        }
        MessageDigest digest = sha256();
        byPath.forEach((path, content) -> {
            digest.update(path.getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            digest.update(sha256().digest(content));
        });
        Path copy = root.resolve(HexFormat.of().formatHex(digest.digest()));
        Path base = copy;
        for (int i = 0; i < depth; i++) {
            base = base.resolve("_");
        }
        for (var entry : byPath.entrySet()) {
            Path target = base.resolve(entry.getKey()).normalize();
            if (!target.startsWith(copy)) {
                throw new IllegalStateException("template path " + entry.getKey() + " escapes " + copy);
            }
            writeOnce(target, entry.getValue());
        }
        Files.createDirectories(base);
        // Marks the copy as in use: prune keeps copies used within the retention.
        Files.setLastModifiedTime(copy, FileTime.from(Instant.now()));
        return base;
    }

    /** Removes the copies last used before {@code now - RETENTION}; returns the directories removed. */
    List<Path> prune(Instant now) throws IOException {
        List<Path> removed = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return removed;
        }
        Instant cutoff = now.minus(RETENTION);
        try (DirectoryStream<Path> copies = Files.newDirectoryStream(root, Files::isDirectory)) {
            for (Path copy : copies) {
                if (Files.getLastModifiedTime(copy).toInstant().isBefore(cutoff)) {
                    deleteTree(copy);
                    removed.add(copy);
                }
            }
        }
        return removed;
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

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void deleteTree(Path directory) throws IOException {
        Files.walkFileTree(directory, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException failure) throws IOException {
                if (failure != null) {
                    throw failure;
                }
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
