package dev.ecscanary.cli.progress;

import dev.ecscanary.cli.render.Times;
import dev.ecscanary.state.HistoryEntry;
import dev.ecscanary.state.Phase;
import dev.ecscanary.view.DeploymentView;
import dev.ecscanary.view.Printable;
import dev.ecscanary.view.DeploymentView.GateView;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The plain lines of progress, one per event, each starting with the time, the deployment and its
 * phase so that a log can be grepped: {@code 2026-11-26T09:01:02Z web-42 SHIFTING step 2/4: weights
 * set to blue 75 / green 25 (25% green) (change C2)}.
 */
public final class ProgressLines {

    private ProgressLines() {
    }

    /**
     * The entry, then one indented line per piece of evidence. Who caused it is added when it is
     * news: not this process's own driver, and not already named in the event.
     *
     * @param self this process's driver id
     */
    public static List<String> history(DeploymentView view, HistoryEntry entry, String self) {
        List<String> lines = new ArrayList<>();
        String text = entry.text();
        String by = entry.by() != null && !entry.by().equals(self) && !text.contains(entry.by())
                ? " (by " + entry.by() + ")" : "";
        lines.add(prefix(entry.at(), view.id(), entry.phase(), entry.step() >= 0 ? entry.step() + 1 : null, view)
                + text + by);
        for (String evidence : entry.evidenceLines()) {
            lines.add("    - " + evidence);
        }
        return lines.stream().map(Printable::line).toList();
    }

    public static String waiting(DeploymentView view, Instant now, Instant until, String reason) {
        return Printable.line(prefix(now, view) + "waiting "
                + Times.remaining(now, until) + " (until " + Times.instant(until) + "): " + reason);
    }

    public static String gate(DeploymentView view, GateView gate) {
        return Printable.line(prefix(gate.evaluatedAt(), view) + "gate " + gate.name() + ": " + gate.verdictText()
                + " - " + gate.message()
                + (gate.consecutiveFailures() > 0 ? " (" + gate.consecutiveFailures() + " failure(s) in a row)" : ""));
    }

    public static String stackEvent(Instant now, String deploymentId, String stack, String event) {
        return Printable.line(Times.instant(now) + " " + deploymentId + " stack " + stack + ": " + event);
    }

    public static String alert(DeploymentView view, Instant now, String message) {
        return Printable.line(prefix(now, view) + "ALERT: " + message);
    }

    public static String note(Instant now, String deploymentId, String text) {
        return Printable.line(Times.instant(now) + " " + deploymentId + " " + text);
    }

    private static String prefix(Instant at, DeploymentView view) {
        return prefix(at, view.id(), view.phase(), view.stepNumber(), view);
    }

    /** {@code web-42 BAKING step 2/4: }, without the step before the first one. */
    private static String prefix(Instant at, String id, Phase phase, Integer stepNumber, DeploymentView view) {
        return Times.instant(at) + " " + id + " " + phase
                + (stepNumber == null ? "" : " step " + stepNumber + "/" + view.stepCount()) + ": ";
    }

    /**
     * The gates evaluated in the tick that wrote this record, while the bake goes on. When the
     * evaluation ended the bake (the step passed or failed) the record has moved on, and the history
     * entry that says so carries every gate's result as its evidence.
     */
    public static List<GateView> evaluatedNow(DeploymentView view) {
        if (view.phase() != Phase.BAKING) {
            return List.of();
        }
        return view.gates().stream()
                .filter(g -> g.evaluatedAt() != null && g.evaluatedAt().equals(view.updatedAt()))
                .toList();
    }
}
