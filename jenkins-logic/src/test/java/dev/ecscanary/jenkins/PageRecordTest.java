package dev.ecscanary.jenkins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ecscanary.state.DeploymentRecord;
import dev.ecscanary.state.Phase;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** What a Canary page shows, and when the table is read again for it: never on the page's own thread. */
class PageRecordTest {

    static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    final PageRecord page = new PageRecord();

    @Test
    void aNewerVersionReplacesWhatIsShownAnOlderOneDoesNot() {
        DeploymentRecord v3 = version(3, Phase.BAKING);
        assertTrue(page.offer(v3, NOW), "new: worth saving with the build");
        assertFalse(page.offer(version(2, Phase.SETTLING), NOW.plusSeconds(1)));
        assertSame(v3, page.shown().record());
        assertFalse(page.offer(v3, NOW.plusSeconds(2)), "the same version again is nothing new");
        assertEquals(NOW.plusSeconds(2), page.shown().asOf());
    }

    @Test
    void aReadStartsAtMostOnceAtATimeAndNotMoreOftenThanEveryFewSeconds() {
        assertTrue(page.startRead(NOW));
        assertFalse(page.startRead(NOW.plusSeconds(10)), "one read at a time");
        page.read(version(1, Phase.PENDING), "missing", NOW.plusSeconds(1));

        assertFalse(page.startRead(NOW.plus(PageRecord.REFRESH_EVERY).minusMillis(1)));
        assertTrue(page.startRead(NOW.plus(PageRecord.REFRESH_EVERY)));
    }

    @Test
    void aFinishedDeploymentIsNotReadAgain() {
        page.offer(version(9, Phase.PROMOTED), NOW);
        assertFalse(page.startRead(NOW.plus(Duration.ofHours(1))));
    }

    @Test
    void aFailedReadKeepsTheLastRecordAndSaysWhy() {
        page.offer(version(4, Phase.BAKING), NOW);
        assertTrue(page.startRead(NOW.plusSeconds(10)));

        page.readFailed("the state table cannot be read: timed out", NOW.plusSeconds(20));

        assertEquals(4, page.shown().record().version());
        assertEquals(NOW, page.shown().asOf(), "as of when it was last known");
        assertEquals("the state table cannot be read: timed out", page.shown().error());
        assertTrue(page.startRead(NOW.plusSeconds(30)), "a failed read does not block the next");
    }

    @Test
    void aSuccessfulReadClearsTheErrorAndConfirmsTheRecord() {
        page.offer(version(4, Phase.BAKING), NOW);
        page.startRead(NOW);
        page.readFailed("down", NOW);
        page.startRead(NOW.plusSeconds(10));

        assertFalse(page.read(version(4, Phase.BAKING), "missing", NOW.plusSeconds(11)));

        assertNull(page.shown().error());
        assertEquals(NOW.plusSeconds(11), page.shown().asOf());
    }

    @Test
    void aDeploymentMissingFromTheTableIsSaidSoAndTheSavedCopyStays() {
        page.offer(version(7, Phase.BAKING), NOW);
        page.startRead(NOW);

        page.read(null, "no deployment web-1 in the state table t", NOW.plusSeconds(1));

        assertEquals(7, page.shown().record().version(), "the copy saved with the build");
        assertEquals("no deployment web-1 in the state table t", page.shown().error());
    }

    private static DeploymentRecord version(int version, Phase phase) {
        DeploymentRecord record = Specs.record(Specs.valid(), NOW.minus(Duration.ofMinutes(10))).toBuilder()
                .phase(phase, NOW, null).build(NOW);
        while (record.version() < version) {
            record = record.toBuilder().build(NOW);
        }
        return record;
    }
}
