package dev.ecscanary.state;

import dev.ecscanary.spec.CanarySpec;
import dev.ecscanary.spec.StepSpec;
import dev.ecscanary.spec.Weights;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything persisted about one deployment: the facts needed to resume it anywhere (phase, step,
 * deadlines, the pending Route53 change), who drives it, and its history. Anything that can be
 * derived from these is derived, not stored.
 *
 * @param version        incremented by every write; writes are conditional on it
 * @param specDigest     of the spec as submitted, to tell a re-submission from a different spec
 * @param spec           the spec, with stack-output references resolved once the stacks are ready
 * @param step           index of the current step in {@code spec.resolvedSteps()}, -1 before the first
 * @param weights        the weights last written to Route53 (or read before the first write)
 * @param deadline       when the current phase fails back by timeout (null: no deadline)
 * @param waitUntil      SETTLING: when the TTL has passed; BAKING: when the bake time has passed
 * @param changeId       SHIFTING and FAILING_BACK: the submitted Route53 change, null until submitted
 * @param stackIndex     DEPLOYING_STACKS: the stack being applied
 * @param stackOutputs   outputs of the stacks applied so far, as {@code Name} and {@code stack.Name}
 * @param gates          the gates of the current bake
 * @param drain          the drain check, once the outcome is decided (its result once it ran); else null
 * @param drift          the records drifted and the deployment waits in this phase for a person; null otherwise
 * @param errors         consecutive unexpected errors in the current phase
 * @param shareSamples   the share green really received, as gates measured it: at most one per gate
 *                       and {@link #SAMPLE_SPACING}
 *
 * <p>History and samples only ever grow at their end, so a store can append what a write adds
 * instead of rewriting them.
 */
public record DeploymentRecord(
        String id,
        long version,
        String specDigest,
        CanarySpec spec,
        Phase phase,
        int step,
        Weights weights,
        Instant phaseStartedAt,
        Instant deadline,
        Instant waitUntil,
        String changeId,
        int stackIndex,
        Map<String, String> stackOutputs,
        GreenStatus green,
        List<GateStatus> gates,
        Lease lease,
        AbortRequest abort,
        FailBack failBack,
        Drain drain,
        Drift drift,
        int errors,
        String lastError,
        List<HistoryEntry> history,
        List<ShareSample> shareSamples,
        Instant createdAt,
        Instant updatedAt) {

    /**
     * CloudWatch's load balancer metrics have one-minute resolution: gates that look more often
     * measure the same minutes again, and a sample of each would only grow the record.
     */
    public static final Duration SAMPLE_SPACING = Duration.ofMinutes(1);

    public DeploymentRecord {
        stackOutputs = stackOutputs == null ? Map.of() : Map.copyOf(stackOutputs);
        green = green == null ? GreenStatus.UNKNOWN : green;
        gates = gates == null ? List.of() : List.copyOf(gates);
        history = history == null ? List.of() : List.copyOf(history);
        shareSamples = shareSamples == null ? List.of() : List.copyOf(shareSamples);
    }

    public static DeploymentRecord created(CanarySpec spec, String specDigest, Weights weights, Instant now,
                                           HistoryEntry entry) {
        return new DeploymentRecord(spec.deploymentId(), 1, specDigest, spec, Phase.PENDING, -1, weights, now, null,
                null, null, 0, Map.of(), GreenStatus.UNKNOWN, List.of(), null, null, null, null, null, 0, null,
                List.of(entry), List.of(), now, now);
    }

    public List<StepSpec> steps() {
        return spec.resolvedSteps();
    }

    /** The current step, or null before the first. */
    public StepSpec currentStep() {
        return step >= 0 && step < steps().size() ? steps().get(step) : null;
    }

    public boolean isFinished() {
        return phase.isTerminal();
    }

    /** Promoted, or promoted and checking its drain: green serves 100 %, there is nothing to fail back to. */
    public boolean isPromoted() {
        return phase == Phase.PROMOTED || (phase == Phase.DRAINING && drain != null && drain.outcome() == Phase.PROMOTED);
    }

    /** Whether a weight may ever have been written: the deployment entered SHIFTING at least once. */
    public boolean mayHaveShiftedTraffic() {
        return history.stream().anyMatch(e -> e.phase() == Phase.SHIFTING);
    }

    /**
     * Checks that this record is {@code previous}'s next version: the same deployment, one version
     * on, its history and samples {@code previous}'s with entries added at the end.
     *
     * @throws IllegalArgumentException saying how it does not
     */
    public void requireFollows(DeploymentRecord previous) {
        String problem = !id.equals(previous.id) ? "is of deployment '" + id + "'"
                : version != previous.version + 1 ? "is version " + version + ", not " + (previous.version + 1)
                : !extendsList(history, previous.history) ? "does not keep its history and add to its end"
                : !extendsList(shareSamples, previous.shareSamples) ? "does not keep its samples and add to their end"
                : null;
        if (problem != null) {
            throw new IllegalArgumentException("the record written after version " + previous.version
                    + " of deployment '" + previous.id + "' " + problem);
        }
    }

    private static <T> boolean extendsList(List<T> longer, List<T> prefix) {
        return longer.size() >= prefix.size() && longer.subList(0, prefix.size()).equals(prefix);
    }

    /** The same version with other gate statuses: an intermediate value, never stored as is. */
    public DeploymentRecord withGates(List<GateStatus> statuses) {
        return new DeploymentRecord(id, version, specDigest, spec, phase, step, weights, phaseStartedAt, deadline,
                waitUntil, changeId, stackIndex, stackOutputs, green, statuses, lease, abort, failBack, drain, drift,
                errors, lastError, history, shareSamples, createdAt, updatedAt);
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Changes to a record; {@link #build} gives the next version. */
    public static final class Builder {
        private final DeploymentRecord base;
        private CanarySpec spec;
        private Phase phase;
        private int step;
        private Weights weights;
        private Instant phaseStartedAt;
        private Instant deadline;
        private Instant waitUntil;
        private String changeId;
        private int stackIndex;
        private Map<String, String> stackOutputs;
        private GreenStatus green;
        private List<GateStatus> gates;
        private Lease lease;
        private AbortRequest abort;
        private FailBack failBack;
        private Drain drain;
        private Drift drift;
        private int errors;
        private String lastError;
        private final List<HistoryEntry> history;
        private final List<ShareSample> shareSamples;

        private Builder(DeploymentRecord r) {
            base = r;
            spec = r.spec;
            phase = r.phase;
            step = r.step;
            weights = r.weights;
            phaseStartedAt = r.phaseStartedAt;
            deadline = r.deadline;
            waitUntil = r.waitUntil;
            changeId = r.changeId;
            stackIndex = r.stackIndex;
            stackOutputs = r.stackOutputs;
            green = r.green;
            gates = r.gates;
            lease = r.lease;
            abort = r.abort;
            failBack = r.failBack;
            drain = r.drain;
            drift = r.drift;
            errors = r.errors;
            lastError = r.lastError;
            history = new ArrayList<>(r.history);
            shareSamples = new ArrayList<>(r.shareSamples);
        }

        /** Enters a phase: its own deadline and waits, no pending change, no error streak, no hold for drift. */
        public Builder phase(Phase next, Instant now, Instant phaseDeadline) {
            phase = next;
            phaseStartedAt = now;
            deadline = phaseDeadline;
            waitUntil = null;
            changeId = null;
            drift = null;
            errors = 0;
            lastError = null;
            return this;
        }

        public Phase phase() {
            return phase;
        }

        public Builder spec(CanarySpec value) {
            spec = value;
            return this;
        }

        public Builder step(int value) {
            step = value;
            return this;
        }

        public Builder weights(Weights value) {
            weights = value;
            return this;
        }

        public Weights weights() {
            return weights;
        }

        public Builder waitUntil(Instant value) {
            waitUntil = value;
            return this;
        }

        public Builder changeId(String value) {
            changeId = value;
            return this;
        }

        public Builder stackIndex(int value) {
            stackIndex = value;
            return this;
        }

        public Builder stackOutputs(Map<String, String> value) {
            stackOutputs = value;
            return this;
        }

        public Builder green(GreenStatus value) {
            green = value;
            return this;
        }

        public Builder gates(List<GateStatus> value) {
            gates = value;
            return this;
        }

        public Builder lease(Lease value) {
            lease = value;
            return this;
        }

        public Builder abort(AbortRequest value) {
            abort = value;
            return this;
        }

        public Builder failBack(FailBack value) {
            failBack = value;
            return this;
        }

        public Builder drain(Drain value) {
            drain = value;
            return this;
        }

        public Builder drift(Drift value) {
            drift = value;
            return this;
        }

        public Builder error(int count, String message) {
            errors = count;
            lastError = message;
            return this;
        }

        public Builder record(HistoryEntry entry) {
            history.add(entry);
            return this;
        }

        /** Adds the sample unless the same gate gave one at this step less than {@link #SAMPLE_SPACING} ago. */
        public Builder sample(ShareSample sample) {
            for (int i = shareSamples.size() - 1; i >= 0; i--) {
                ShareSample earlier = shareSamples.get(i);
                if (earlier.step() != sample.step()) {
                    break;
                }
                if (Objects.equals(earlier.gate(), sample.gate())) {
                    if (Duration.between(earlier.at(), sample.at()).compareTo(SAMPLE_SPACING) < 0) {
                        return this;
                    }
                    break;
                }
            }
            shareSamples.add(sample);
            return this;
        }

        public DeploymentRecord build(Instant now) {
            return new DeploymentRecord(base.id, base.version + 1, base.specDigest, spec, phase, step, weights,
                    phaseStartedAt, deadline, waitUntil, changeId, stackIndex, stackOutputs, green, gates, lease,
                    abort, failBack, drain, drift, errors, lastError, history, shareSamples, base.createdAt, now);
        }
    }
}
