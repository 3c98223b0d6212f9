package dev.ecscanary.jenkins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Clients kept while used, closed once idle or when everything shuts down. */
class IdleCacheTest {

    Instant now = Instant.parse("2026-03-01T12:00:00Z");
    final List<String> closed = new ArrayList<>();
    final IdleCache<String, Named> cache = new IdleCache<>(Duration.ofMinutes(10), () -> now);

    @Test
    void theSameKeyGetsTheSameValueWhileItIsUsed() {
        Named first = cache.get("a", () -> new Named("a1"));
        now = now.plus(Duration.ofMinutes(9));
        assertSame(first, cache.get("a", () -> new Named("a2")));
        now = now.plus(Duration.ofMinutes(9));
        assertSame(first, cache.get("a", () -> new Named("a3")), "each use keeps it");
        assertEquals(List.of(), closed);
    }

    @Test
    void valuesIdleTooLongAreClosedOnTheNextUseOfTheCache() {
        cache.get("a", () -> new Named("a1"));
        now = now.plus(Duration.ofMinutes(11));

        cache.get("b", () -> new Named("b1"));

        assertEquals(List.of("a1"), closed);
        assertEquals(1, cache.size());
    }

    @Test
    void closeAllClosesEverything() {
        cache.get("a", () -> new Named("a1"));
        cache.get("b", () -> new Named("b1"));

        cache.closeAll();

        assertEquals(List.of("a1", "b1"), closed.stream().sorted().toList());
        assertEquals(0, cache.size());
    }

    final class Named implements AutoCloseable {
        final String name;

        Named(String name) {
            this.name = name;
        }

        @Override
        public void close() {
            closed.add(name);
        }
    }
}
