package dev.ecscanary.jenkins;

import dev.ecscanary.state.DeploymentRecord;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/** A build as a step sees it, in memory: its console, workspace, Canary pages and files. */
final class TestBuild {

    final Map<String, byte[]> workspace = new HashMap<>();
    final ByteArrayOutputStream console = new ByteArrayOutputStream();
    final Map<String, CanaryTarget> pages = new HashMap<>();
    final List<DeploymentRecord> shown = new ArrayList<>();
    final Map<String, String> env = new HashMap<>();
    private final Path dir;
    @CheckForNull
    String startedBy;
    boolean outsideNode;

    /** @param dir where the build's files and the controller's template copies go */
    TestBuild(Path dir) {
        this.dir = dir;
    }

    TestBuild file(String path, String content) {
        workspace.put(path, content.getBytes(StandardCharsets.UTF_8));
        return this;
    }

    StepInputs inputs() {
        return new StepInputs("jenkins:test:p#1", "p#1", startedBy, new PrintStream(console, true, StandardCharsets.UTF_8),
                env::get, () -> outsideNode ? null : new Workspace(), new Deployments(),
                new StepInputs.Controller(new DeploymentArgs.Defaults(null, null), dir.resolve("templates"), null, false));
    }

    String log() {
        return console.toString(StandardCharsets.UTF_8);
    }

    private final class Workspace implements SpecLoader.Workspace {
        @Override
        public Optional<byte[]> read(String relativePath, int limit) {
            return Optional.ofNullable(workspace.get(relativePath));
        }

        @Override
        public String describe(String relativePath) {
            return "/ws/" + relativePath;
        }
    }

    private final class Deployments implements BuildDeployments {
        @Override
        public Optional<CanaryTarget> target(String deploymentId) {
            return Optional.ofNullable(pages.get(deploymentId));
        }

        @Override
        public Consumer<DeploymentRecord> page(CanaryTarget target) {
            pages.putIfAbsent(target.deploymentId(), target);
            return shown::add;
        }

        @Override
        public BuildFiles files() {
            return new BuildFiles(dir.resolve("build"));
        }
    }
}
