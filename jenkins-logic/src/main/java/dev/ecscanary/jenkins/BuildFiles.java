package dev.ecscanary.jenkins;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.ecscanary.spec.CanarySpec;
import dev.ecscanary.spec.Mappers;
import dev.ecscanary.state.DeploymentRecord;
import dev.ecscanary.state.RecordJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Optional;

/**
 * What a build keeps of its deployments in its own directory ({@code <build>/ecs-canary}), free of
 * Jenkins types: the specs {@code canaryPrepare} read from a workspace ({@code <id>.prepared.json}), so
 * that a later step of the build starts the deployment without a workspace, also after a restart; and
 * the newest record of each deployment ({@code <id>.json}), which the Canary page shows when the state
 * table cannot be read. Each file is replaced whole (written aside, then moved).
 */
final class BuildFiles {

    private final Path directory;

    /** @param directory {@code <build>/ecs-canary} */
    BuildFiles(Path directory) {
        this.directory = directory.toAbsolutePath().normalize();
    }

    /** Keeps the spec; its local templates are already resolved to their copies on the controller. */
    void savePrepared(CanarySpec spec) throws IOException {
        write(fileOf(spec.deploymentId(), ".prepared.json"), Mappers.json().writeValueAsString(spec));
    }

    /** The spec prepared for {@code deploymentId} in this build, read back as it was written. */
    Optional<CanarySpec> prepared(String deploymentId) throws IOException {
        Path file = fileOf(deploymentId, ".prepared.json");
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

    void saveRecord(DeploymentRecord record) throws IOException {
        write(fileOf(record.id(), ".json"), RecordJson.write(record));
    }

    /** The record saved last, and when it was saved. */
    Optional<Saved> record(String deploymentId) throws IOException {
        Path file = fileOf(deploymentId, ".json");
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Saved(RecordJson.read(Files.readString(file, StandardCharsets.UTF_8)),
                    Files.getLastModifiedTime(file).toInstant()));
        } catch (RuntimeException e) {
            throw new IOException("the record saved for " + deploymentId + " (" + file + ") cannot be read: "
                    + e.getMessage(), e);
        }
    }

    /** A record as saved with the build. */
    record Saved(DeploymentRecord record, Instant at) {
    }

    private void write(Path file, String content) throws IOException {
        Files.createDirectories(directory);
        Path temporary = Files.createTempFile(directory, ".ecs-canary-", ".part");
        try {
            Files.writeString(temporary, content, StandardCharsets.UTF_8);
            try {
                Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    private Path fileOf(String deploymentId, String suffix) {
        Path file = directory.resolve(deploymentId + suffix).normalize();
        if (!directory.equals(file.getParent())) {
            throw new IllegalArgumentException("not a deployment id: " + deploymentId);
        }
        return file;
    }
}
