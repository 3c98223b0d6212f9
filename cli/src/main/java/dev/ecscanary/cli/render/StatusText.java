package dev.ecscanary.cli.render;

import dev.ecscanary.spec.Percentages;
import dev.ecscanary.state.Drain;
import dev.ecscanary.state.DrainResult;
import dev.ecscanary.state.HistoryEntry;
import dev.ecscanary.state.Lease;
import dev.ecscanary.view.DeploymentView;
import dev.ecscanary.view.Printable;
import dev.ecscanary.view.DeploymentView.FailBackView;
import dev.ecscanary.view.DeploymentView.GateView;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A deployment as {@code ecs-canary status} shows it, rendered from its {@link DeploymentView}: where
 * it is, what it waits for, who drives it, the gates, and what happened.
 */
public final class StatusText {

    private StatusText() {
    }

    public static String render(DeploymentView view, Instant now) {
        List<String> lines = new ArrayList<>();
        lines.add("Deployment " + view.id() + ": " + view.phase() + " (" + view.phase().description() + ")");
        lines.add(field("now", view.headline()));
        lines.add(field("step", view.stepNumber() == null ? "not started (" + view.stepCount() + " steps)"
                : view.stepNumber() + "/" + view.stepCount() + " (" + Percentages.format(view.stepPercent())
                        + "% green)"));
        lines.add(field("weights", view.weights() == null ? "not read yet" : view.weights().toString()));
        lines.add(field("lease", lease(view, now)));
        if (view.waitingFor() != null && view.waitingFor().until() != null) {
            lines.add(field("waits until", Times.instant(view.waitingFor().until()) + " (in "
                    + Times.remaining(now, view.waitingFor().until()) + ")"));
        }
        if (view.waitingFor() != null && view.waitingFor().deadline() != null) {
            lines.add(field("deadline", Times.instant(view.waitingFor().deadline())
                    + " (fails back if the phase is not done by then)"));
        }
        FailBackView failBack = view.failBack();
        if (failBack != null) {
            lines.add(field("fail-back", failBack.trigger() + ": " + failBack.reason()
                    + (failBack.overdue() ? " - NOT CONFIRMED, see the history" : "")));
        }
        if (view.drain() != null) {
            lines.add(field("drain", drainLine(view.drain())));
        }
        view.drifts().forEach(drift -> lines.add(field("drift", drift.found() + " found instead of " + drift.expected()
                + " at " + Times.instant(drift.at()) + (drift.stepNumber() == null ? "" : ", step " + drift.stepNumber())
                + " - " + ("alert".equals(drift.action()) ? "held for a person" : "failed back"))));
        if (view.drift() != null && !view.finished()) {
            lines.add(field("held", "until " + Times.instant(view.drift().holdUntil()) + ": restore the records to "
                    + view.drift().expected() + " to carry on, or run 'ecs-canary rollback " + view.id() + "'"));
        }
        if (view.abort() != null) {
            lines.add(field("abort", "requested by " + view.abort().by() + " at " + Times.instant(view.abort().at())
                    + ": " + view.abort().reason()));
        }
        if (view.lastError() != null) {
            lines.add(field("last error", view.lastError() + " (" + view.errors() + " in a row)"));
        }
        lines.add(field("green", view.green().running() + "/" + view.green().desiredCount() + " tasks running"
                + (view.green().detail() == null ? "" : " - " + view.green().detail())));
        lines.add(field("created", Times.instant(view.createdAt()) + ", updated " + Times.instant(view.updatedAt())
                + " (version " + view.version() + ")"));
        if (!view.gates().isEmpty()) {
            lines.add("");
            lines.add("Gates of the " + (view.finished() ? "last" : "current") + " bake:");
            TextTable gates = new TextTable(List.of("GATE", "VERDICT", "EVALUATED", "RUNS", "FAILS", "EVIDENCE"),
                    false, false, false, true, true, false);
            for (GateView gate : view.gates()) {
                gates.row(gate.name(), gate.verdictText(),
                        Times.instant(gate.evaluatedAt()), Integer.toString(gate.evaluations()),
                        Integer.toString(gate.consecutiveFailures()), gate.message() == null ? "" : gate.message());
            }
            lines.addAll(gates.lines("  "));
        }
        lines.add("");
        lines.add("History:");
        TextTable history = new TextTable(List.of("TIME", "PHASE", "STEP", "EVENT", "BY"));
        List<List<String>> evidence = new ArrayList<>();
        for (HistoryEntry entry : view.history()) {
            history.row(Times.instant(entry.at()), entry.phase().toString(),
                    entry.step() < 0 ? "-" : (entry.step() + 1) + "/" + view.stepCount(), entry.text(),
                    entry.by() == null ? "" : entry.by());
            evidence.add(entry.evidenceLines());
        }
        List<String> historyLines = history.lines("  ");
        lines.add(historyLines.get(0));
        for (int i = 1; i < historyLines.size(); i++) {
            lines.add(historyLines.get(i));
            for (String item : evidence.get(i - 1)) {
                lines.add("      - " + item);
            }
        }
        return String.join(System.lineSeparator(), lines.stream().map(Printable::line).toList())
                + System.lineSeparator();
    }

    private static String lease(DeploymentView view, Instant now) {
        Lease lease = view.lease();
        if (lease == null) {
            return view.waitingFor() == null ? "none (finished)" : "none: any driver may take it";
        }
        if (lease.isValidAt(now)) {
            return "held by " + lease.owner() + " until " + Times.instant(lease.expiresAt()) + " (in "
                    + Times.remaining(now, lease.expiresAt()) + ")";
        }
        return "expired at " + Times.instant(lease.expiresAt()) + " (was " + lease.owner()
                + "): 'ecs-canary resume " + view.id() + "' takes over";
    }

    private static String field(String name, String value) {
        return String.format("  %-12s %s", name, value);
    }

    private static String drainLine(Drain drain) {
        DrainResult result = drain.result();
        if (result == null) {
            return "checking that clients left " + drain.drainedSide() + " until " + Times.instant(drain.windowEnd());
        }
        return drain.drainedSide() + " " + result.status() + ": " + result.message()
                + (result.cutShortBy() == null ? "" : " (cut short by " + result.cutShortBy() + ")");
    }
}
