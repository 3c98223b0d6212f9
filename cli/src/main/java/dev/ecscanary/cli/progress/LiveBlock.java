package dev.ecscanary.cli.progress;

import dev.ecscanary.cli.render.Times;
import dev.ecscanary.state.DeploymentRecord;
import dev.ecscanary.state.GateStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The block a terminal redraws every second: deployment, phase, step, weights, the time left in the
 * current wait, and the latest result of each gate.
 */
final class LiveBlock {

    private LiveBlock() {
    }

    static List<String> render(ProgressSnapshot snapshot, Instant now) {
        DeploymentRecord record = snapshot.record();
        if (record == null) {
            return List.of();
        }
        List<String> lines = new ArrayList<>();
        lines.add("» " + record.id() + "  " + record.phase() + " (" + record.phase().description() + ")"
                + (record.step() >= 0 ? "  step " + (record.step() + 1) + "/" + record.steps().size() : "")
                + "  " + (record.weights() == null ? "weights not read yet" : record.weights().toString()));
        String wait = waitLine(snapshot, now);
        if (wait != null) {
            lines.add("  " + wait);
        }
        for (GateStatus gate : record.gates()) {
            lines.add("  gate " + gate.name() + ": " + (gate.verdict() == null ? "pending" : gate.verdict())
                    + " - " + gate.evidence());
        }
        return lines;
    }

    /**
     * The wait people care about: the TTL, the bake, a decision; the engine's next tick (a poll, a
     * gate, a lease renewal) only where the phase has no wait of its own.
     */
    private static String waitLine(ProgressSnapshot snapshot, Instant now) {
        DeploymentRecord record = snapshot.record();
        return switch (record.phase()) {
            case SETTLING -> record.waitUntil() == null ? null
                    : Times.remaining(now, record.waitUntil()) + " left of the DNS TTL wait";
            case BAKING -> record.waitUntil() == null ? null : now.isBefore(record.waitUntil())
                    ? Times.remaining(now, record.waitUntil()) + " left of the bake"
                    : "bake over; holding until every gate passes" + deadline(record, now);
            case AWAITING_APPROVAL -> "waiting for a decision" + deadline(record, now);
            default -> snapshot.waitUntil() == null ? null
                    : Times.remaining(now, snapshot.waitUntil()) + " left: " + snapshot.waitReason();
        };
    }

    private static String deadline(DeploymentRecord record, Instant now) {
        return record.deadline() == null ? "" : " (fails back in " + Times.remaining(now, record.deadline()) + ")";
    }
}
