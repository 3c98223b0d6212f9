package dev.ecscanary.cli.progress;

import dev.ecscanary.cli.render.Times;
import dev.ecscanary.view.DeploymentView;
import dev.ecscanary.view.Printable;
import dev.ecscanary.view.DeploymentView.GateView;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The block a terminal redraws every second, rendered from the deployment's {@link DeploymentView}:
 * deployment, phase, step, weights, the time left in the current wait, and the latest result of each
 * gate.
 */
final class LiveBlock {

    private LiveBlock() {
    }

    /**
     * @param view       the deployment on screen
     * @param engineWait what the driver waits for next (a poll, a gate, a lease renewal), if it said;
     *                   shown only where the phase has no wait of its own
     */
    static List<String> render(DeploymentView view, EngineWait engineWait, Instant now) {
        List<String> lines = new ArrayList<>();
        lines.add("\u00bb " + view.id() + "  " + view.phase() + " (" + view.phase().description() + ")"
                + (view.stepNumber() != null ? "  step " + view.stepNumber() + "/" + view.stepCount() : "")
                + "  " + (view.weights() == null ? "weights not read yet" : view.weights().toString()));
        String wait = waitLine(view, engineWait, now);
        if (wait != null) {
            lines.add("  " + wait);
        }
        for (GateView gate : view.gates()) {
            lines.add("  gate " + gate.name() + ": " + gate.verdictText() + " - " + gate.message());
        }
        return lines.stream().map(Printable::line).toList();
    }

    /**
     * The wait people care about: the TTL, the bake, a decision; the engine's next tick (a poll, a
     * gate, a lease renewal) only where the phase has no wait of its own.
     */
    private static String waitLine(DeploymentView view, EngineWait engineWait, Instant now) {
        DeploymentView.Wait wait = view.waitingFor();
        if (wait == null) {
            return null;
        }
        return switch (view.phase()) {
            case SETTLING -> wait.until() == null ? null
                    : Times.remaining(now, wait.until()) + " left of the DNS TTL wait";
            case BAKING -> wait.until() == null ? null : now.isBefore(wait.until())
                    ? Times.remaining(now, wait.until()) + " left of the bake"
                    : "bake over; holding until every gate passes" + deadline(wait, now);
            case AWAITING_APPROVAL -> "waiting for a decision" + deadline(wait, now);
            case DRAINING -> wait.until() == null ? null
                    : Times.remaining(now, wait.until()) + " left of the drain check (the outcome is decided)";
            default -> engineWait == null ? null
                    : Times.remaining(now, engineWait.until()) + " left: " + engineWait.reason();
        };
    }

    /** What the driver said it waits for next, and until when. */
    record EngineWait(Instant until, String reason) {
    }

    private static String deadline(DeploymentView.Wait wait, Instant now) {
        return wait.deadline() == null ? "" : " (fails back in " + Times.remaining(now, wait.deadline()) + ")";
    }
}
