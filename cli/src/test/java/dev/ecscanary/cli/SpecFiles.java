package dev.ecscanary.cli;

import dev.ecscanary.testing.SpecYaml;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Spec files for tests that need no AWS: templates are URLs, so nothing is checked on disk. */
final class SpecFiles {

    static final String VALID = SpecYaml.SHOP;

    private SpecFiles() {
    }

    static Path write(Path dir, String name, String yaml) {
        try {
            return Files.writeString(dir.resolve(name), yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
