package dev.ecscanary.cli.render;

import dev.ecscanary.spec.Durations;
import dev.ecscanary.view.DeploymentView;
import dev.ecscanary.view.Printable;
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

    /**
     * @param view        the deployment as its last record shows it
     * @param stuckReason why the driver stopped without finishing, when it did; else null
     */
    public static String render(DeploymentView view, String stuckReason) {
        return Printable.line(sentence(view, stuckReason));
    }

    private static String sentence(DeploymentView view, String stuckReason) {
        String took = view.createdAt() == null || view.updatedAt() == null ? ""
                : " (" + Durations.format(Duration.between(view.createdAt(), view.updatedAt())
                        .truncatedTo(ChronoUnit.SECONDS)) + " since it was created)";
        if (stuckReason != null) {
            return view.id() + " STUCK in " + view.phase() + ": " + stuckReason;
        }
        return switch (view.outcome()) {
            case PROMOTED -> view.id() + " PROMOTED: green serves 100% (" + view.weights() + ")" + took;
            case ROLLED_BACK -> view.id() + " ROLLED_BACK: "
                    + (view.weights() == null ? "no weight was written; Route53 was not changed"
                    : "blue serves 100% (" + view.weights() + ")") + took + reason(view.failBack());
            case REFUSED -> view.id() + " REFUSED to start: no weight was written, Route53 "
                    + (view.weights() == null ? "was not changed" : "still holds " + view.weights())
                    + reason(view.failBack());
            case FAILING_BACK, IN_PROGRESS -> view.id() + " " + view.phase() + ": not finished";
        };
    }

    private static String reason(FailBackView failBack) {
        return failBack == null ? "" : "; why: " + failBack.reason() + " [" + failBack.trigger() + "]";
    }
}
