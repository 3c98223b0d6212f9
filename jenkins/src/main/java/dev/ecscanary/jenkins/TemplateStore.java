package dev.ecscanary.jenkins;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The stack templates copied from workspaces to the controller ({@code $JENKINS_HOME/ecs-canary/templates}),
 * one directory per distinct set of templates. A deployment needs its copy until its stacks are
 * applied; each use marks the directory, and copies unused for {@link #RETENTION} are removed. Free of
 * Jenkins types.
 */
final class TemplateStore {

    /** Far beyond any deployment's stack phase, and any restart of a deployment that was interrupted in it. */
    static final Duration RETENTION = Duration.ofDays(14);

    private final Path root;

    TemplateStore(Path root) {
        this.root = root;
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
