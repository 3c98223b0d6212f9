package dev.ecscanary.jenkins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ecscanary.spec.CanarySpec;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What canaryPrepare keeps with a build is read back as the very spec it was. */
class PreparedSpecsTest {

    @TempDir
    Path build;

    @Test
    void aPreparedSpecIsReadBackEqualSoItsDigestIsTheSame() throws Exception {
        PreparedSpecs prepared = new PreparedSpecs(build.resolve("ecs-canary"));
        CanarySpec spec = new SpecOverrides("shop-web-43", null, false).apply(Specs.valid());

        prepared.save(spec);

        assertEquals(spec, prepared.load("shop-web-43").orElseThrow());
        assertTrue(prepared.load("shop-web-42").isEmpty(), "only what was prepared");
        try (var files = Files.list(build.resolve("ecs-canary"))) {
            assertEquals(1, files.count(), "no temporary file is left behind");
        }
    }

    @Test
    void preparingAgainReplacesTheEarlierSpec() throws Exception {
        PreparedSpecs prepared = new PreparedSpecs(build);
        prepared.save(Specs.valid());
        CanarySpec tagged = new SpecOverrides(null, java.util.Map.of("shop-green.ImageTag", "2"), false)
                .apply(Specs.valid());

        prepared.save(tagged);

        assertEquals(tagged, prepared.load(tagged.deploymentId()).orElseThrow());
    }

    @Test
    void anIdThatIsAPathIsRefused() {
        PreparedSpecs prepared = new PreparedSpecs(build.resolve("ecs-canary"));
        assertThrows(IllegalArgumentException.class, () -> prepared.load("../../config"));
    }

    @Test
    void aDamagedFileSaysWhichDeploymentAndWhere() throws Exception {
        Files.writeString(build.resolve("shop-web-42.prepared.json"), "{\"deployment\":");
        Exception e = assertThrows(java.io.IOException.class, () -> new PreparedSpecs(build).load("shop-web-42"));
        assertTrue(e.getMessage().startsWith("the spec prepared for shop-web-42 ("), e.getMessage());
    }
}
