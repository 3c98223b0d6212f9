package dev.ecscanary.jenkins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ecscanary.spec.CanarySpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Specs read from a workspace (here a local directory), templates copied to the controller. */
class SpecLoaderTest {

    static final String SPEC = Specs.VALID
            .replace("template: https://example.com/service.yaml", "template: ../cfn/service.yaml");

    @TempDir
    Path workspace;

    @TempDir
    Path store;

    @Test
    void templatesAreCopiedByContentSoTheSameFilesGiveTheSameSpec() throws Exception {
        write("deploy/canary.yaml", SPEC);
        write("cfn/service.yaml", "Resources: {}\n");

        CanarySpec first = load("deploy/canary.yaml", new SpecOverrides(null, null, false));
        CanarySpec again = load("deploy/canary.yaml", new SpecOverrides(null, null, false));

        Path template = Path.of(first.stacks().get(0).template());
        assertTrue(template.startsWith(store), template + " is under the store");
        assertEquals("Resources: {}\n", Files.readString(template));
        assertEquals(first, again);

        write("cfn/service.yaml", "Resources: {Changed: true}\n");
        CanarySpec changed = load("deploy/canary.yaml", new SpecOverrides(null, null, false));
        assertTrue(!changed.stacks().get(0).template().equals(first.stacks().get(0).template()),
                "another template content, another path");
    }

    @Test
    void aMissingTemplateIsReportedWithItsWorkspacePath() throws Exception {
        write("deploy/canary.yaml", SPEC);

        StepFailure e = assertThrows(StepFailure.class,
                () -> load("deploy/canary.yaml", new SpecOverrides(null, null, false)));

        assertTrue(e.getMessage().contains("stacks[0].template: no such file in the workspace:"), e.getMessage());
    }

    @Test
    void anAbsoluteTemplateIsRefused() throws Exception {
        write("canary.yaml", Specs.VALID.replace("template: https://example.com/service.yaml",
                "template: /opt/templates/service.yaml"));

        StepFailure e = assertThrows(StepFailure.class,
                () -> load("canary.yaml", new SpecOverrides(null, null, false)));

        assertTrue(e.getMessage().contains("give a path relative to the spec file"), e.getMessage());
    }

    @Test
    void theStepsArgumentsCompleteASpecThatLacksThem() throws Exception {
        write("canary.yaml", Specs.VALID.replace("deployment: shop-web-42\n", "")
                .replace("ImageTag: \"1\"", "ImageTag:"));

        CanarySpec spec = load("canary.yaml", new SpecOverrides("shop-web-44",
                Map.of("shop-green.ImageTag", "9"), false));

        assertEquals("shop-web-44", spec.deploymentId());
        assertEquals("9", spec.stacks().get(0).parameters().get("ImageTag"));
    }

    @Test
    void everyProblemIsReportedWithItsLine() throws Exception {
        write("canary.yaml", Specs.VALID.replace("stateTable: shop-ecs-canary-state", "stateTable: t")
                .replace("percent: 25", "percent: 5"));

        StepFailure e = assertThrows(StepFailure.class,
                () -> load("canary.yaml", new SpecOverrides(null, null, false)));

        assertTrue(e.getMessage().startsWith("canary.yaml is invalid (2 problems):"), e.getMessage());
        assertTrue(e.getMessage().contains("canary.yaml:2: stateTable:"), e.getMessage());
    }

    @Test
    void noSpecFileIsAClearError() {
        StepFailure e = assertThrows(StepFailure.class,
                () -> load("canary.yaml", new SpecOverrides(null, null, false)));
        assertTrue(e.getMessage().startsWith("no spec file 'canary.yaml' in the workspace"), e.getMessage());
    }

    @Test
    void relativePathsAreNormalised() {
        assertEquals(List.of("..", "cfn", "x.yaml"), SpecLoader.segments("./a/../../cfn//x.yaml"));
        assertEquals(List.of("cfn", "x.yaml"), SpecLoader.segments("cfn\\x.yaml"));
    }

    private CanarySpec load(String spec, SpecOverrides overrides) throws Exception {
        return SpecLoader.load(new SpecLoader.Workspace() {
            @Override
            public Optional<byte[]> read(String relativePath, int limit) throws IOException {
                Path file = workspace.resolve(relativePath).normalize();
                return Files.isRegularFile(file) ? Optional.of(Files.readAllBytes(file)) : Optional.empty();
            }

            @Override
            public String describe(String relativePath) {
                return workspace.resolve(relativePath).normalize().toString();
            }
        }, spec, overrides, new TemplateStore(store));
    }

    private void write(String relative, String text) throws Exception {
        Path file = workspace.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }
}
