package dev.ecscanary.engine;

import dev.ecscanary.port.Gate;
import dev.ecscanary.port.Gate.GateContext;
import dev.ecscanary.port.Gate.GateResult;
import dev.ecscanary.spec.GateSpec;
import dev.ecscanary.spec.Weights;
import dev.ecscanary.state.GateEvidence;
import dev.ecscanary.state.GateStatus;
import dev.ecscanary.state.ShareSample;
import dev.ecscanary.state.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The gate schedule of one bake, as pure functions over the persisted gate statuses. Each gate runs
 * every {@code interval} and once more exactly when the bake time ends; the bake passes only when
 * every gate's verdict at or after that end is PASS.
 */
final class BakeGates {

    private BakeGates() {
    }

    /** Statuses for a bake starting now: each gate first due after its interval (or at the end). */
    static List<GateStatus> start(List<GateSpec> gates, Instant now, Instant bakeUntil) {
        return gates.stream().map(g -> GateStatus.due(g.name(), earliest(now.plus(g.interval()), bakeUntil))).toList();
    }

    static boolean anyDue(List<GateStatus> statuses, Instant now) {
        return statuses.stream().anyMatch(s -> !s.nextAt().isAfter(now));
    }

    /** Evaluates the gates that are due and returns every status, updated. */
    static List<GateStatus> evaluateDue(List<GateSpec> gates, List<GateStatus> statuses, Function<GateSpec, Gate> factory,
                                        GateContext context, Instant bakeUntil) {
        List<GateStatus> updated = new ArrayList<>(statuses.size());
        for (int i = 0; i < gates.size(); i++) {
            GateSpec spec = gates.get(i);
            GateStatus status = statuses.get(i);
            if (status.nextAt().isAfter(context.now())) {
                updated.add(status);
                continue;
            }
            GateResult result = evaluate(factory, spec, context);
            int failures = result.verdict() == Verdict.FAIL ? status.consecutiveFailures() + 1 : 0;
            updated.add(new GateStatus(spec.name(), result.verdict(), result.message(), result.measured(),
                    result.limits(), context.now(), nextEvaluation(context.now(), spec.interval(), bakeUntil), failures,
                    status.evaluations() + 1, result.observedGreenPercent()));
        }
        return List.copyOf(updated);
    }

    /** A gate that cannot be asked cannot vouch for green: inconclusive, which holds the step. */
    private static GateResult evaluate(Function<GateSpec, Gate> factory, GateSpec spec, GateContext context) {
        try {
            GateResult result = factory.apply(spec).evaluate(context);
            return result != null ? result : GateResult.inconclusive("the gate gave no result");
        } catch (Gate.CallFailedException e) {
            return GateResult.inconclusive("could not evaluate: " + e.getMessage());
        } catch (RuntimeException e) {
            return GateResult.inconclusive("could not evaluate: " + Errors.describe(e));
        }
    }

    static List<String> failed(List<GateSpec> gates, List<GateStatus> statuses) {
        List<String> failed = new ArrayList<>();
        for (int i = 0; i < gates.size(); i++) {
            if (statuses.get(i).consecutiveFailures() >= gates.get(i).failureThreshold()) {
                failed.add(gates.get(i).name());
            }
        }
        return failed;
    }

    static boolean allPassedSince(List<GateStatus> statuses, Instant bakeUntil) {
        return statuses.stream().allMatch(s -> s.verdict() == Verdict.PASS && !s.evaluatedAt().isBefore(bakeUntil));
    }

    static Instant nextDue(List<GateStatus> statuses, Instant fallback) {
        return statuses.stream().map(GateStatus::nextAt).reduce(fallback, BakeGates::earliest);
    }

    /** Shares measured in this round: gates evaluated at {@code now} that measured one. */
    static List<ShareSample> observedShares(List<GateStatus> statuses, Instant now, int step, Weights weights) {
        return statuses.stream()
                .filter(s -> now.equals(s.evaluatedAt()) && s.observedGreenPercent() != null)
                .map(s -> new ShareSample(now, step, weights.greenPercent(), s.observedGreenPercent(), s.name()))
                .toList();
    }

    static List<GateEvidence> evidence(List<GateStatus> statuses) {
        return statuses.stream().map(GateStatus::evidence).toList();
    }

    private static Instant nextEvaluation(Instant now, Duration interval, Instant bakeUntil) {
        Instant next = now.plus(interval);
        return now.isBefore(bakeUntil) ? earliest(next, bakeUntil) : next;
    }

    static Instant earliest(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
