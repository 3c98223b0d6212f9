package dev.ecscanary.jenkins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ecscanary.spec.CanarySpec;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a build keeps of its deployments is read back as it was written. */
class BuildFilesTest {

    @TempDir
    Path build;

    @Test
    void aPreparedSpecIsReadBackEqualSoItsDigestIsTheSame() throws Exception {
        BuildFiles prepared = new BuildFiles(build.resolve("ecs-canary"));
        CanarySpec spec = new SpecOverrides("shop-web-43", null, false).apply(Specs.valid());

        prepared.savePrepared(spec);

        assertEquals(spec, prepared.prepared("shop-web-43").orElseThrow());
        assertTrue(prepared.prepared("shop-web-42").isEmpty(), "only what was prepared");
        try (var files = Files.list(build.resolve("ecs-canary"))) {
            assertEquals(1, files.count(), "no temporary file is left behind");
        }
    }

    @Test
    void preparingAgainReplacesTheEarlierSpec() throws Exception {
        BuildFiles prepared = new BuildFiles(build);
        prepared.savePrepared(Specs.valid());
        CanarySpec tagged = new SpecOverrides(null, java.util.Map.of("shop-green.ImageTag", "2"), false)
                .apply(Specs.valid());

        prepared.savePrepared(tagged);

        assertEquals(tagged, prepared.prepared(tagged.deploymentId()).orElseThrow());
    }

    @Test
    void anIdThatIsAPathIsRefused() {
        BuildFiles prepared = new BuildFiles(build.resolve("ecs-canary"));
        assertThrows(IllegalArgumentException.class, () -> prepared.prepared("../../config"));
    }

    @Test
    void aDamagedFileSaysWhichDeploymentAndWhere() throws Exception {
        Files.writeString(build.resolve("shop-web-42.prepared.json"), "{\"deployment\":");
        Exception e = assertThrows(java.io.IOException.class, () -> new BuildFiles(build).prepared("shop-web-42"));
        assertTrue(e.getMessage().startsWith("the spec prepared for shop-web-42 ("), e.getMessage());
    }

    @Test
    void theRecordSavedLastIsReadBackWithWhenItWasSaved() throws Exception {
        BuildFiles files = new BuildFiles(build);
        dev.ecscanary.state.DeploymentRecord record = Specs.record(Specs.valid(), java.time.Instant.now());

        files.saveRecord(record);

        BuildFiles.Saved saved = files.record("shop-web-42").orElseThrow();
        assertEquals(record, saved.record());
        assertTrue(files.record("shop-web-43").isEmpty());
        assertTrue(files.prepared("shop-web-42").isEmpty(), "a record is no prepared spec");
    }
}
