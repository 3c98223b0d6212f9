package dev.ecscanary.cli.render;

import dev.ecscanary.spec.Durations;
import dev.ecscanary.spec.Percentages;
import dev.ecscanary.spec.SchedulePlan;
import dev.ecscanary.spec.SchedulePlan.PlannedStep;
import java.util.ArrayList;
import java.util.List;

/** A schedule plan as a table for people. */
public final class PlanText {

    private PlanText() {
    }

    /** {@code 5m}, {@code 5m..30m}, and with an expected request rate {@code 5m..30m (~12m)}. */
    static String bake(PlannedStep step) {
        String bounds = step.bakeMax() == null ? Durations.format(step.bake())
                : Durations.format(step.bake()) + ".." + Durations.format(step.bakeMax());
        return step.expectedBake() == null || step.expectedBake().equals(step.bake()) && step.bakeMax() == null
                ? bounds : bounds + " (~" + Durations.format(step.expectedBake()) + ")";
    }

    public static String render(SchedulePlan plan) {
        List<String> lines = new ArrayList<>();
        int count = plan.steps().size();
        lines.add("Plan of deployment " + plan.deploymentId() + ": " + count + (count == 1 ? " step" : " steps"));
        lines.add("");
        TextTable table = new TextTable(List.of("STEP", "REQUESTED", "EFFECTIVE", "WEIGHTS BLUE/GREEN", "APPROVAL",
                        "PROPAGATION", "TTL", "BAKE", "MINIMUM ELAPSED", "EXPOSURE IF GREEN TURNS BAD"),
                true, true, true, false, false, true, true, true, true, false);
        for (PlannedStep step : plan.steps()) {
            table.row(Integer.toString(step.number()),
                    Percentages.format(step.requestedPercent()) + "%",
                    Percentages.format(step.effectivePercent()) + "%",
                    step.weights().blue() + " / " + step.weights().green(),
                    step.approval() ? "yes" : "-",
                    Durations.format(step.propagation()),
                    Durations.format(step.ttl()),
                    bake(step),
                    Durations.format(step.minimumElapsed()),
                    step.exposure().describe());
        }
        lines.addAll(table.lines("  "));
        lines.add("");
        lines.add("Minimum duration: " + Durations.format(plan.minimumDuration())
                + " (without approvals and the time green takes to start)");
        if (plan.drainCheckAfterLastBake() != null) {
            lines.add("Drain check: after the promotion blue's load balancer is watched from the last step's INSYNC "
                    + "for the drain window, then read once CloudWatch published it: "
                    + Durations.format(plan.drainCheckAfterLastBake()) + " after the last bake, in the minimum "
                    + "(drain: off skips it).");
        }
        lines.add("Waits per step: propagation is an estimate of Route53's time to INSYNC (dns.propagation); TTL "
                + (plan.ttlAssumed() ? "assumed 60s (alias records): the records' own TTL is read from Route53 when "
                + "deploying, or set dns.ttl" : "from dns.ttl") + "; bake is the time gates watch green.");
        plan.steps().stream().map(PlannedStep::exposure).filter(e -> e.total() != null).findFirst()
                .ifPresentOrElse(e -> lines.add("Exposure: if green turns bad during a bake, its share of clients stays on "
                        + "it until gate " + e.slowestGate() + " notices (" + Durations.format(e.detection())
                        + ": interval x failureThreshold, plus 2m for CloudWatch's period and publication where a gate "
                        + "reads CloudWatch), the fail-back reaches Route53 (" + Durations.format(e.failBack())
                        + ") and the TTL runs out (" + Durations.format(e.ttl()) + "). While a step waits for "
                        + "approval no gate runs: the previous share stays exposed until a person decides."),
                        () -> lines.add("Exposure: no gate watches the steps; a bad green is not failed back."));
        if (plan.steps().stream().anyMatch(s -> s.effectivePercent() != s.requestedPercent())) {
            lines.add("Effective differs from requested where Route53's integer weights (0..255) cannot express "
                    + "the share exactly.");
        }
        return String.join(System.lineSeparator(), lines) + System.lineSeparator();
    }
}
