package dev.ecscanary.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ecscanary.spec.Weights;
import dev.ecscanary.state.HistoryEvent.AbortRequested;
import dev.ecscanary.state.HistoryEvent.Created;
import dev.ecscanary.testing.Specs;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class DeploymentRecordTest {

    static final Instant T0 = Instant.parse("2026-12-01T09:00:00Z");

    final DeploymentRecord created = DeploymentRecord.created(Specs.canary("web-1"), "digest", Weights.ALL_BLUE, T0,
            new HistoryEntry(T0, Phase.PENDING, -1, Weights.ALL_BLUE, "driver-a", new Created()));

    // ---------------------------------------------------------------------------------------------
    // Samples: one per gate and minute, the resolution of the metrics they come from
    // ---------------------------------------------------------------------------------------------

    @Test
    void aGateLookingEveryTenSecondsForAnHourLeavesOneSampleAMinute() {
        DeploymentRecord.Builder record = created.toBuilder();
        for (int second = 0; second < 3_600; second += 10) {
            record.sample(new ShareSample(T0.plusSeconds(second), 0, 10, 9.8, "trafficShare"));
        }

        DeploymentRecord baked = record.build(T0.plusSeconds(3_600));

        assertThat(baked.shareSamples()).hasSize(60);
        assertThat(baked.shareSamples()).extracting(ShareSample::at)
                .allSatisfy(at -> assertThat(Duration.between(T0, at).toSeconds() % 60).isZero());
    }

    @Test
    void otherGatesAndTheNextStepAreSampledWithinTheSameMinute() {
        DeploymentRecord baked = created.toBuilder()
                .sample(new ShareSample(T0, 0, 10, 9.8, "trafficShare"))
                .sample(new ShareSample(T0.plusSeconds(10), 0, 10, 9.5, "targetHealth"))
                .sample(new ShareSample(T0.plusSeconds(20), 1, 25, 24.0, "trafficShare"))
                .sample(new ShareSample(T0.plusSeconds(30), 1, 25, 24.1, "trafficShare"))
                .build(T0.plusSeconds(30));

        assertThat(baked.shareSamples()).extracting(ShareSample::observedPercent).containsExactly(9.8, 9.5, 24.0);
    }

    // ---------------------------------------------------------------------------------------------
    // A write follows the version it replaces, and only adds to history and samples
    // ---------------------------------------------------------------------------------------------

    @Test
    void theNextVersionWithEntriesAddedFollowsItsPrevious() {
        DeploymentRecord next = created.toBuilder()
                .record(new HistoryEntry(T0, Phase.PENDING, -1, Weights.ALL_BLUE, "ops", new AbortRequested("no")))
                .sample(new ShareSample(T0, 0, 10, 9.8, "trafficShare"))
                .build(T0.plusSeconds(1));

        next.requireFollows(created);
    }

    @Test
    void aRecordThatSkipsAVersionDoesNotFollow() {
        DeploymentRecord skipped = created.toBuilder().build(T0).toBuilder().build(T0);

        assertThatThrownBy(() -> skipped.requireFollows(created))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the record written after version 1 of deployment 'web-1' is version 3, not 2");
    }

    @Test
    void aRecordThatLostHistoryDoesNotFollow() {
        DeploymentRecord withEntry = created.toBuilder()
                .record(new HistoryEntry(T0, Phase.PENDING, -1, Weights.ALL_BLUE, "ops", new AbortRequested("no")))
                .build(T0);
        DeploymentRecord rewritten = created.toBuilder().build(T0).toBuilder().build(T0);

        assertThatThrownBy(() -> new DeploymentRecord(rewritten.id(), withEntry.version() + 1, rewritten.specDigest(),
                rewritten.spec(), rewritten.phase(), rewritten.step(), rewritten.weights(), rewritten.phaseStartedAt(),
                null, null, null, 0, null, null, null, null, null, null, null, null, 0, null, created.history(), null, T0,
                T0)
                .requireFollows(withEntry))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("does not keep its history and add to its end");
    }

    @Test
    void anotherDeploymentsRecordDoesNotFollow() {
        DeploymentRecord other = DeploymentRecord.created(Specs.canary("web-2"), "digest", Weights.ALL_BLUE, T0,
                created.history().get(0)).toBuilder().build(T0);

        assertThatThrownBy(() -> other.requireFollows(created))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is of deployment 'web-2'");
    }
}
