package dev.ecscanary.cli.render;

import dev.ecscanary.engine.TickOutcome;
import dev.ecscanary.spec.Durations;
import dev.ecscanary.state.DeploymentRecord;
import dev.ecscanary.state.FailBack;
import java.time.Duration;
import java.time.temporal.ChronoUnit;

/** The one-paragraph result of a deployment driven to its end, as the last thing a command prints. */
public final class OutcomeText {

    private OutcomeText() {
    }

    public static String render(TickOutcome outcome) {
        DeploymentRecord record = outcome.record();
        String took = record.createdAt() == null || record.updatedAt() == null ? ""
                : " (" + Durations.format(Duration.between(record.createdAt(), record.updatedAt())
                        .truncatedTo(ChronoUnit.SECONDS)) + " since it was created)";
        if (outcome instanceof TickOutcome.Stuck stuck) {
            return record.id() + " STUCK in " + record.phase() + ": " + stuck.reason();
        }
        return switch (record.phase()) {
            case PROMOTED -> record.id() + " PROMOTED: green serves 100% (" + record.weights() + ")" + took;
            case ROLLED_BACK -> record.id() + " ROLLED_BACK: blue serves 100% (" + record.weights() + ")" + took
                    + reason(record.failBack());
            default -> record.id() + " " + record.phase() + ": not finished";
        };
    }

    private static String reason(FailBack failBack) {
        return failBack == null ? "" : "; why: " + failBack.reason() + " [" + failBack.trigger() + "]";
    }
}
