package dev.ecscanary.jenkins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Template copies on the controller are kept while used and removed once unused for the retention. */
class TemplateStoreTest {

    static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    @TempDir
    Path store;

    @Test
    void onlyCopiesUnusedForTheRetentionAreRemoved() throws Exception {
        Path old = copy("aaaa", NOW.minus(TemplateStore.RETENTION).minus(Duration.ofMinutes(1)));
        Path recent = copy("bbbb", NOW.minus(Duration.ofDays(1)));

        List<Path> removed = new TemplateStore(store).prune(NOW);

        assertEquals(List.of(old), removed);
        assertFalse(Files.exists(old));
        assertTrue(Files.exists(recent.resolve("cfn/service.yaml")));
    }

    @Test
    void usingACopyAgainKeepsIt() throws Exception {
        List<TemplateStore.Template> templates = List.of(new TemplateStore.Template(List.of("cfn", "service.yaml"),
                "Resources: {}\n".getBytes()));
        Path base = new TemplateStore(store).copy(templates);
        Path copy = store.relativize(base).getName(0);
        Files.setLastModifiedTime(store.resolve(copy), FileTime.from(NOW.minus(Duration.ofDays(30))));

        new TemplateStore(store).copy(templates);

        assertTrue(new TemplateStore(store).prune(Instant.now()).isEmpty(), "used just now");
    }

    @Test
    void aStoreThatDoesNotExistYetIsNothingToDo() throws Exception {
        assertTrue(new TemplateStore(store.resolve("missing")).prune(NOW).isEmpty());
    }

    private Path copy(String digest, Instant lastUsed) throws Exception {
        Path copy = store.resolve(digest);
        Files.createDirectories(copy.resolve("cfn"));
        Files.writeString(copy.resolve("cfn/service.yaml"), "Resources: {}\n");
        Files.setLastModifiedTime(copy, FileTime.from(lastUsed));
        return copy;
    }
}
