package dev.ecscanary.cli.render;

import dev.ecscanary.spec.Percentages;
import dev.ecscanary.state.DeploymentRecord;
import dev.ecscanary.state.GateStatus;
import dev.ecscanary.state.HistoryEntry;
import dev.ecscanary.state.Lease;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** A deployment as {@code ecs-canary status} shows it: where it is, who drives it, what happened. */
public final class StatusText {

    private StatusText() {
    }

    public static String render(DeploymentRecord record, Instant now) {
        List<String> lines = new ArrayList<>();
        lines.add("Deployment " + record.id() + ": " + record.phase() + " (" + record.phase().description() + ")");
        int steps = record.steps().size();
        lines.add(field("step", record.step() < 0 ? "not started (" + steps + " steps)"
                : (record.step() + 1) + "/" + steps + " (" + Percentages.format(record.currentStep().percent())
                        + "% green)"));
        lines.add(field("weights", record.weights() == null ? "not read yet" : record.weights().toString()));
        lines.add(field("lease", lease(record, now)));
        if (record.waitUntil() != null && !record.isFinished()) {
            lines.add(field("waits until", Times.instant(record.waitUntil()) + " (in "
                    + Times.remaining(now, record.waitUntil()) + ")"));
        }
        if (record.deadline() != null && !record.isFinished()) {
            lines.add(field("deadline", Times.instant(record.deadline()) + " (fails back if the phase is not done by"
                    + " then)"));
        }
        if (record.failBack() != null) {
            lines.add(field("fail-back", record.failBack().trigger() + ": " + record.failBack().reason()
                    + (record.failBack().overdue() ? " - NOT CONFIRMED, see the history" : "")));
        }
        if (record.abort() != null) {
            lines.add(field("abort", "requested by " + record.abort().by() + " at " + Times.instant(record.abort().at())
                    + ": " + record.abort().reason()));
        }
        if (record.lastError() != null) {
            lines.add(field("last error", record.lastError() + " (" + record.errors() + " in a row)"));
        }
        lines.add(field("green", record.green().running() + "/" + record.green().desiredCount() + " tasks running"
                + (record.green().detail() == null ? "" : " - " + record.green().detail())));
        lines.add(field("created", Times.instant(record.createdAt()) + ", updated " + Times.instant(record.updatedAt())
                + " (version " + record.version() + ")"));
        if (!record.gates().isEmpty()) {
            lines.add("");
            lines.add("Gates of the " + (record.isFinished() ? "last" : "current") + " bake:");
            TextTable gates = new TextTable(List.of("GATE", "VERDICT", "EVALUATED", "RUNS", "FAILS", "EVIDENCE"),
                    false, false, false, true, true, false);
            for (GateStatus gate : record.gates()) {
                gates.row(gate.name(), gate.verdict() == null ? "pending" : gate.verdict().toString(),
                        Times.instant(gate.evaluatedAt()), Integer.toString(gate.evaluations()),
                        Integer.toString(gate.consecutiveFailures()), gate.evidence() == null ? "" : gate.evidence());
            }
            lines.addAll(gates.lines("  "));
        }
        lines.add("");
        lines.add("History:");
        TextTable history = new TextTable(List.of("TIME", "PHASE", "STEP", "EVENT", "BY"));
        List<String[]> evidence = new ArrayList<>();
        for (HistoryEntry entry : record.history()) {
            history.row(Times.instant(entry.at()), entry.phase().toString(),
                    entry.step() < 0 ? "-" : (entry.step() + 1) + "/" + steps, entry.event(),
                    entry.by() == null ? "" : entry.by());
            evidence.add(entry.evidence().toArray(String[]::new));
        }
        List<String> historyLines = history.lines("  ");
        lines.add(historyLines.get(0));
        for (int i = 1; i < historyLines.size(); i++) {
            lines.add(historyLines.get(i));
            for (String item : evidence.get(i - 1)) {
                lines.add("      - " + item);
            }
        }
        return String.join(System.lineSeparator(), lines) + System.lineSeparator();
    }

    private static String lease(DeploymentRecord record, Instant now) {
        Lease lease = record.lease();
        if (lease == null) {
            return record.isFinished() ? "none (finished)" : "none: any driver may take it";
        }
        if (lease.isValidAt(now)) {
            return "held by " + lease.owner() + " until " + Times.instant(lease.expiresAt()) + " (in "
                    + Times.remaining(now, lease.expiresAt()) + ")";
        }
        return "expired at " + Times.instant(lease.expiresAt()) + " (was " + lease.owner()
                + "): 'ecs-canary resume " + record.id() + "' takes over";
    }

    private static String field(String name, String value) {
        return String.format("  %-12s %s", name, value);
    }
}
