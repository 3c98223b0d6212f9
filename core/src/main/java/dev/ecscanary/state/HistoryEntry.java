package dev.ecscanary.state;

import dev.ecscanary.spec.Durations;
import dev.ecscanary.spec.Percentages;
import dev.ecscanary.spec.Weights;
import dev.ecscanary.state.HistoryEvent.AbortRequested;
import dev.ecscanary.state.HistoryEvent.Alert;
import dev.ecscanary.state.HistoryEvent.Approved;
import dev.ecscanary.state.HistoryEvent.BakeStarted;
import dev.ecscanary.state.HistoryEvent.Created;
import dev.ecscanary.state.HistoryEvent.DrainChecked;
import dev.ecscanary.state.HistoryEvent.DriftEnded;
import dev.ecscanary.state.HistoryEvent.Drifted;
import dev.ecscanary.state.HistoryEvent.FailingBack;
import dev.ecscanary.state.HistoryEvent.GreenRunning;
import dev.ecscanary.state.HistoryEvent.InSync;
import dev.ecscanary.state.HistoryEvent.Promoted;
import dev.ecscanary.state.HistoryEvent.RolledBack;
import dev.ecscanary.state.HistoryEvent.StackReady;
import dev.ecscanary.state.HistoryEvent.StacksReady;
import dev.ecscanary.state.HistoryEvent.StacksStarted;
import dev.ecscanary.state.HistoryEvent.StepEntered;
import dev.ecscanary.state.HistoryEvent.Orphaned;
import dev.ecscanary.state.HistoryEvent.TookOver;
import dev.ecscanary.state.HistoryEvent.TrafficChecked;
import dev.ecscanary.state.HistoryEvent.WeightsWritten;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One thing that happened to a deployment, as data.
 *
 * @param phase   the phase the deployment was in after it
 * @param step    the step index then, -1 before the first
 * @param weights the weights written (WeightsWritten) or known then
 * @param by      who acted: a driver, or the person who approved, rejected or aborted
 * @param event   what happened, with its values
 * @param gates   the gates' evidence when it ended a bake (the step passed or failed)
 */
public record HistoryEntry(Instant at, Phase phase, int step, Weights weights, String by, HistoryEvent event,
                           List<GateEvidence> gates) {

    public HistoryEntry {
        Objects.requireNonNull(event, "event");
        gates = gates == null ? List.of() : List.copyOf(gates);
    }

    public HistoryEntry(Instant at, Phase phase, int step, Weights weights, String by, HistoryEvent event) {
        this(at, phase, step, weights, by, event, List.of());
    }

    /** Whether this entry is of that kind. */
    public boolean is(Class<? extends HistoryEvent> kind) {
        return kind.isInstance(event);
    }

    /** The entry as a sentence for people, rendered from its data. */
    public String text() {
        if (event instanceof Created) {
            return "created by " + by + (weights == null ? " (records not readable yet: the stacks create them)"
                    : "; traffic " + weights);
        }
        if (event instanceof AbortRequested e) {
            // The outcome is decided while the drain is checked: an abort only ends the check.
            return (phase == Phase.DRAINING ? "end of the drain check requested by " : "fail-back requested by ") + by
                    + ": " + e.reason();
        }
        if (event instanceof StacksStarted e) {
            return "started by " + by + ": " + e.stacks() + " stack(s) to apply";
        }
        if (event instanceof StackReady e) {
            return "stack " + e.stack() + " ready: " + e.status();
        }
        if (event instanceof TrafficChecked e) {
            return "traffic " + weights + ": green has none, so stack " + e.nextStack() + " may change it";
        }
        if (event instanceof StacksReady) {
            return "stacks ready; waiting for green's tasks to run";
        }
        if (event instanceof GreenRunning e) {
            return "green is running: " + e.running() + "/" + e.desired() + " tasks running (events " + e.byEvents()
                    + ", poll " + e.byPoll() + ")" + (e.detail() == null ? "" : "; " + e.detail());
        }
        if (event instanceof StepEntered e) {
            String which = "step " + e.stepNumber() + "/" + e.stepCount() + " (" + Percentages.format(e.percent())
                    + "% green)";
            return phase == Phase.AWAITING_APPROVAL ? "waiting for approval of " + which : "shifting to " + which;
        }
        if (event instanceof Approved e) {
            return "step " + e.stepNumber() + " approved by " + by + (e.comment() == null ? "" : ": " + e.comment());
        }
        if (event instanceof WeightsWritten e) {
            return "weights set to " + weights + " (change " + e.changeId() + ")";
        }
        if (event instanceof Drifted e) {
            return "DRIFT: the records hold " + e.found() + ", not " + e.expected() + " as this deployment wrote them; "
                    + ("alert".equals(e.action()) ? "shifting stopped until a person restores them or runs "
                    + "'ecs-canary rollback'" : "failing back from what is there");
        }
        if (event instanceof DriftEnded) {
            return "the records hold " + weights + " again, as this deployment wrote them: carrying on";
        }
        if (event instanceof InSync e) {
            return "Route53 change " + e.changeId() + " in sync; waiting " + Durations.format(e.ttl())
                    + " for cached answers to expire";
        }
        if (event instanceof BakeStarted e) {
            return "baking step " + e.stepNumber() + " for " + Durations.format(e.bake()) + " with " + e.gates()
                    + " gate(s)";
        }
        if (event instanceof Promoted) {
            return "promoted: green serves 100%";
        }
        if (event instanceof FailingBack e) {
            return (e.trigger() == FailBack.Trigger.PRECONDITION ? "refusing to start: " : "failing back: ") + e.reason();
        }
        if (event instanceof RolledBack e) {
            return e.trafficMoved() ? "rolled back: blue serves 100% (" + e.reason() + ")"
                    : "rolled back before any traffic moved: the records were left as they were (" + e.reason() + ")";
        }
        if (event instanceof DrainChecked e) {
            String status = switch (e.status()) {
                case DRAINED -> "drained";
                case NOT_DRAINED -> "NOT DRAINED";
                case NO_TRAFFIC -> "no traffic to check";
                case UNMEASURED -> "not measured";
            };
            return "drain check of " + e.drainedSide() + ": " + status + " - " + e.message();
        }
        if (event instanceof TookOver e) {
            return by + " took over from " + e.previousOwner() + " (its lease expired at " + e.expiredAt() + ")";
        }
        if (event instanceof Orphaned e) {
            String whose = e.previousOwner() == null ? "no driver has held it since " + e.unattendedSince()
                    : "the lease of " + e.previousOwner() + " expired at " + e.unattendedSince();
            String does = switch (e.action()) {
                case "failBack" -> "fails it back";
                case "resume" -> "drives it on";
                default -> "alerts and leaves the traffic as it is until a person acts";
            };
            return "orphaned: " + whose + ", more than " + Durations.format(e.grace()) + " ago; the watchdog " + by
                    + " " + does;
        }
        return ((Alert) event).message();
    }

    /** What else the entry carries, a line each: the gates' evidence, then the event's own details. */
    public List<String> evidenceLines() {
        List<String> lines = new java.util.ArrayList<>();
        gates.forEach(g -> lines.add(g.describe()));
        if (event instanceof FailingBack e) {
            lines.addAll(e.details());
        }
        return lines;
    }
}
