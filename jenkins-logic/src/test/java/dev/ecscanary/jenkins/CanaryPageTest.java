package dev.ecscanary.jenkins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ecscanary.inmemory.VirtualClock;
import dev.ecscanary.state.DeploymentRecord;
import dev.ecscanary.state.Phase;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A build's Canary page: never waits for AWS, keeps what it learns with the build. */
class CanaryPageTest {

    static final CanaryTarget TARGET = new CanaryTarget("shop-web-42", "shop-ecs-canary-state", "eu-west-1", null, null);
    static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    @TempDir
    Path dir;

    final VirtualClock clock = new VirtualClock(NOW);
    final List<Runnable> pool = new ArrayList<>();
    final AtomicReference<Object> table = new AtomicReference<>(Optional.empty());
    final AtomicInteger reads = new AtomicInteger();

    @Test
    void aPageViewNeverWaitsForTheTableItReadsItOnThePool() {
        table.set(Optional.of(version(3, Phase.BAKING)));
        CanaryPage page = page();

        assertNull(page.shown().record(), "nothing known yet; the read is queued, not done");
        assertEquals(0, reads.get());
        runPool();

        assertEquals(3, page.shown().record().version());
        assertEquals("as of 2026-03-01T12:00:00Z", page.shown().asOfText());
    }

    @Test
    void whatTheStepReportsIsShownAtOnceAndKeptWithTheBuildForTheNextPageAfterARestart() {
        page().update(version(4, Phase.BAKING));

        CanaryPage afterRestart = page();
        table.set(new IllegalStateException("the table is gone"));
        assertEquals(4, afterRestart.shown().record().version(), "the record saved with the build");
        runPool();

        assertEquals(4, afterRestart.shown().record().version(), "a failed read keeps what is known");
        assertEquals("the state table shop-ecs-canary-state cannot be read just now: the table is gone",
                afterRestart.shown().error());
    }

    @Test
    void theSummaryAndTheReportAreOfTheRecordShown() {
        CanaryPage page = page();
        assertNull(page.summary());
        assertNull(page.reportFragment());

        page.update(version(4, Phase.BAKING));

        assertTrue(page.summary().getOutcome().startsWith("in progress: "), page.summary().getOutcome());
        assertTrue(page.reportFragment().contains("shop-web-42"));
    }

    @Test
    void aNewerRecordReadFromTheTableIsSavedWithTheBuild() {
        page().update(version(2, Phase.SETTLING));
        table.set(Optional.of(version(5, Phase.PROMOTED)));
        CanaryPage page = page();
        page.shown();
        runPool();

        assertEquals(5, page().shown().record().version(), "a new page starts from the newer saved record");
    }

    @Test
    void aDeploymentMissingFromTheTableIsSaidSo() {
        CanaryPage page = page();
        page.shown();
        runPool();

        assertEquals("no deployment shop-web-42 in the state table shop-ecs-canary-state", page.shown().error());
    }

    @Test
    void whileJenkinsStopsThePageSaysSoInsteadOfReading() {
        CanaryPage page = new CanaryPage(TARGET, new BuildFiles(dir), task -> {
            throw new RejectedExecutionException("shut down");
        }, this::load, clock);

        page.shown();

        assertEquals("Jenkins is shutting down", page.shown().error());
        assertEquals(0, reads.get());
    }

    CanaryPage page() {
        return new CanaryPage(TARGET, new BuildFiles(dir), pool::add, this::load, clock);
    }

    @SuppressWarnings("unchecked")
    Optional<DeploymentRecord> load() {
        reads.incrementAndGet();
        Object answer = table.get();
        if (answer instanceof RuntimeException e) {
            throw e;
        }
        return (Optional<DeploymentRecord>) answer;
    }

    void runPool() {
        while (!pool.isEmpty()) {
            pool.remove(0).run();
        }
        clock.advance(Duration.ofSeconds(1));
    }

    static DeploymentRecord version(int version, Phase phase) {
        DeploymentRecord record = Specs.record(Specs.valid(), NOW.minus(Duration.ofMinutes(10))).toBuilder()
                .phase(phase, NOW, null).build(NOW);
        while (record.version() < version) {
            record = record.toBuilder().build(NOW);
        }
        return record;
    }
}
