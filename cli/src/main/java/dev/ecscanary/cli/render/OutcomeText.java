package dev.ecscanary.cli.render;

import dev.ecscanary.engine.TickOutcome;
import dev.ecscanary.spec.Durations;
import dev.ecscanary.view.DeploymentView;
import dev.ecscanary.view.DeploymentView.FailBackView;
import java.time.Duration;
import java.time.temporal.ChronoUnit;

/**
 * The one-paragraph result of a deployment driven to its end, as the last thing a command prints,
 * rendered from its {@link DeploymentView}.
 */
public final class OutcomeText {

    private OutcomeText() {
    }

    public static String render(TickOutcome outcome) {
        DeploymentView view = DeploymentView.of(outcome.record(), outcome.record().updatedAt() == null
                ? java.time.Instant.now() : outcome.record().updatedAt());
        String took = view.createdAt() == null || view.updatedAt() == null ? ""
                : " (" + Durations.format(Duration.between(view.createdAt(), view.updatedAt())
                        .truncatedTo(ChronoUnit.SECONDS)) + " since it was created)";
        if (outcome instanceof TickOutcome.Stuck stuck) {
            return view.id() + " STUCK in " + view.phase() + ": " + stuck.reason();
        }
        return switch (view.outcome()) {
            case PROMOTED -> view.id() + " PROMOTED: green serves 100% (" + view.weights() + ")" + took;
            case ROLLED_BACK -> view.id() + " ROLLED_BACK: blue serves 100% (" + view.weights() + ")" + took
                    + reason(view.failBack());
            case FAILING_BACK, IN_PROGRESS -> view.id() + " " + view.phase() + ": not finished";
        };
    }

    private static String reason(FailBackView failBack) {
        return failBack == null ? "" : "; why: " + failBack.reason() + " [" + failBack.trigger() + "]";
    }
}
