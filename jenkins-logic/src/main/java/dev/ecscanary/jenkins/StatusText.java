package dev.ecscanary.jenkins;

import dev.ecscanary.spec.Durations;
import dev.ecscanary.spec.Percentages;
import dev.ecscanary.spec.StackSpec;
import dev.ecscanary.spec.StepSpec;
import dev.ecscanary.state.DeploymentRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** A deployment's state in a few plain words, for a step's status: "baking step 2/4, 3m left". */
final class StatusText {

    private StatusText() {
    }

    static String of(DeploymentRecord r, Instant now) {
        int count = r.steps().size();
        String step = "step " + (r.step() + 1) + "/" + count + percentOf(r.currentStep());
        return switch (r.phase()) {
            case PENDING -> "deployment " + r.id() + " created";
            case DEPLOYING_STACKS -> deployingStacks(r);
            case AWAITING_GREEN -> "waiting for green: " + r.green().running() + "/" + r.green().desiredCount()
                    + " tasks running";
            case GREEN_RUNNING -> "green is running";
            case AWAITING_APPROVAL -> "waiting for approval of " + step;
            case SHIFTING -> "shifting traffic to " + step;
            case SETTLING -> "waiting for the DNS TTL at " + step + left(now, r.waitUntil());
            case BAKING -> r.waitUntil() != null && now.isBefore(r.waitUntil())
                    ? "baking " + step + left(now, r.waitUntil())
                    : "holding " + step + " until every gate passes";
            case PROMOTED -> "promoted: green serves 100%";
            case FAILING_BACK -> "failing back" + (r.failBack() == null ? "" : ": " + r.failBack().reason());
            case ROLLED_BACK -> "rolled back" + (r.failBack() == null ? "" : ": " + r.failBack().reason());
        };
    }

    private static String deployingStacks(DeploymentRecord r) {
        List<StackSpec> stacks = r.spec().stacks();
        if (r.stackIndex() >= stacks.size() || stacks.get(r.stackIndex()) == null) {
            return "deploying stacks";
        }
        return "deploying stack " + stacks.get(r.stackIndex()).name() + " (" + (r.stackIndex() + 1) + "/"
                + stacks.size() + ")";
    }

    private static String percentOf(StepSpec step) {
        return step == null || step.percent() == null ? "" : " (" + Percentages.format(step.percent()) + "% green)";
    }

    /** ", 3m left" (whole minutes, rounded up, from a minute on), ", 45s left", or nothing once past. */
    static String left(Instant now, Instant until) {
        if (until == null || !now.isBefore(until)) {
            return "";
        }
        Duration left = Duration.between(now, until);
        Duration shown = left.compareTo(Duration.ofMinutes(1)) >= 0
                ? Duration.ofMinutes((left.toSeconds() + 59) / 60)
                : Duration.ofSeconds(Math.max(1, (left.toMillis() + 999) / 1000));
        return ", " + Durations.format(shown) + " left";
    }
}
