package dev.ecscanary.jenkins;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.ecscanary.spec.CanarySpec;
import dev.ecscanary.spec.Mappers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * The specs {@code canaryPrepare} read from a workspace, kept in the build's own directory so that a
 * later step of the same build ({@code canaryDeploy(deployment: id)}, outside {@code node}) starts the
 * deployment without a workspace, also after a restart of the controller. A spec is kept as JSON, its
 * local templates already resolved to their copies on the controller: what is read back is the spec
 * that was written, with the same digest.
 */
final class PreparedSpecs {

    private final Path directory;

    /** @param directory where the build keeps them ({@code <build>/ecs-canary}) */
    PreparedSpecs(Path directory) {
        this.directory = directory.toAbsolutePath().normalize();
    }

    void save(CanarySpec spec) throws IOException {
        Files.createDirectories(directory);
        Path file = fileOf(spec.deploymentId());
        Path temporary = Files.createTempFile(directory, ".prepared-", ".part");
        try {
            Files.writeString(temporary, Mappers.json().writeValueAsString(spec), StandardCharsets.UTF_8);
            try {
                Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /** The spec prepared for {@code deploymentId} in this build, if any. */
    Optional<CanarySpec> load(String deploymentId) throws IOException {
        Path file = fileOf(deploymentId);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Mappers.json().readValue(Files.readString(file, StandardCharsets.UTF_8),
                    CanarySpec.class));
        } catch (JsonProcessingException e) {
            throw new IOException("the spec prepared for " + deploymentId + " (" + file + ") cannot be read: "
                    + e.getOriginalMessage(), e);
        }
    }

    private Path fileOf(String deploymentId) {
        Path file = directory.resolve(deploymentId + ".prepared.json").normalize();
        if (!directory.equals(file.getParent())) {
            throw new IllegalArgumentException("not a deployment id: " + deploymentId);
        }
        return file;
    }
}
