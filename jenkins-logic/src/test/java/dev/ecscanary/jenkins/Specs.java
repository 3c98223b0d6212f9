package dev.ecscanary.jenkins;

import dev.ecscanary.spec.CanarySpec;
import dev.ecscanary.spec.SpecReader;
import dev.ecscanary.spec.Weights;
import dev.ecscanary.state.DeploymentRecord;
import dev.ecscanary.state.HistoryEntry;
import dev.ecscanary.state.HistoryEvent;
import dev.ecscanary.state.Phase;
import dev.ecscanary.testing.SpecYaml;
import java.time.Instant;

/** Specs and records for tests that need no AWS: templates are URLs, so nothing is read from disk. */
final class Specs {

    static final String VALID = SpecYaml.SHOP;

    private Specs() {
    }

    static CanarySpec valid() {
        return SpecReader.parse(VALID, "canary.yaml", null);
    }

    static DeploymentRecord record(CanarySpec spec, Instant now) {
        HistoryEntry created = new HistoryEntry(now, Phase.PENDING, -1, Weights.ALL_BLUE, "test", new HistoryEvent.Created());
        return DeploymentRecord.created(spec, "sha256:test", Weights.ALL_BLUE, now, created);
    }
}
