package dev.ecscanary.view;

import dev.ecscanary.spec.Bake;
import dev.ecscanary.spec.CanarySpec;
import dev.ecscanary.spec.DnsSpec;
import dev.ecscanary.spec.Durations;
import dev.ecscanary.spec.Exposure;
import dev.ecscanary.spec.GateSpec;
import dev.ecscanary.spec.Percentages;
import dev.ecscanary.spec.ServiceSide;
import dev.ecscanary.spec.StackSpec;
import dev.ecscanary.spec.StepSpec;
import dev.ecscanary.spec.Weights;
import dev.ecscanary.state.AbortRequest;
import dev.ecscanary.state.DeploymentRecord;
import dev.ecscanary.state.Drain;
import dev.ecscanary.state.Drift;
import dev.ecscanary.state.FailBack;
import dev.ecscanary.state.FailBack.Trigger;
import dev.ecscanary.state.GateEvidence;
import dev.ecscanary.state.GateStatus;
import dev.ecscanary.state.GreenStatus;
import dev.ecscanary.state.HistoryEntry;
import dev.ecscanary.state.HistoryEvent.Approved;
import dev.ecscanary.state.HistoryEvent.Drifted;
import dev.ecscanary.state.HistoryEvent.FailingBack;
import dev.ecscanary.state.Lease;
import dev.ecscanary.state.Phase;
import dev.ecscanary.state.ShareSample;
import dev.ecscanary.state.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A deployment as people see it, derived from its record and the time alone.
 *
 * @param headline   where it stands in a few words: {@code baking step 2/4 (25% green), 3m left}
 * @param stepNumber the current step, from 1; null before the first
 * @param stepPercent the current step's requested green share; null before the first
 * @param finished   promoted or rolled back: nothing will change any more
 * @param subject    what is deployed where, from the spec; null for a record without one
 * @param weights    the weights last written to Route53 (or read before the first write); null if not read yet
 * @param waitingFor what the deployment waits for now, and until when; null when nothing (finished)
 * @param gates      the gates of the current (or last) bake, as last evaluated
 * @param failBack   why and where it fails (or failed) back; null if it does not
 * @param drain      the check that clients left the drained side, once the outcome is decided; else null
 * @param drift      the records drifted and the deployment waits for a person ({@code onDrift: alert}); else null
 * @param drifts     every time the records were found holding other weights than the deployment wrote
 * @param observed   every share green really received, as the gates measured it (and the drain check,
 *                   as step {@link #DRAIN_STEP}), oldest first
 * @param observedFromLastBakeOnly the record predates per-measurement samples: {@code observed} holds
 *                   only the last bake's latest evaluations
 * @param history    every recorded transition, oldest first, as data
 */
public record DeploymentView(
        String id,
        long version,
        Phase phase,
        Outcome outcome,
        boolean finished,
        String headline,
        Subject subject,
        Integer stepNumber,
        int stepCount,
        Double stepPercent,
        Weights weights,
        Wait waitingFor,
        List<StepView> steps,
        List<GateView> gates,
        FailBackView failBack,
        Drain drain,
        Drift drift,
        List<DriftView> drifts,
        AbortRequest abort,
        Lease lease,
        GreenStatus green,
        String lastError,
        int errors,
        List<ShareSample> observed,
        boolean observedFromLastBakeOnly,
        List<HistoryEntry> history,
        Instant createdAt,
        Instant updatedAt) {

    /**
     * What is deployed where, as the spec names it.
     *
     * @param greenTaskDefinition the task definition green's tasks run, once known
     * @param stacks              the green stacks in the order they are applied
     * @param stacksApplied       how many of them are applied
     */
    public record Subject(String recordName, String hostedZoneId, String blueSetIdentifier, String greenSetIdentifier,
                          String region, Service blue, Service green, String greenTaskDefinition, List<String> stacks,
                          int stacksApplied) {
    }

    /** One side's ECS service; null fields where the spec has none. */
    public record Service(String cluster, String service) {
    }

    /**
     * One gate of the current (or last) bake, as last evaluated.
     *
     * @param type                 the gate's type ({@code alarms}, …); null for a gate the spec no longer has
     * @param verdict              the latest verdict, null before the first evaluation
     * @param nextAt               when it is due next while the bake goes on, else null
     * @param failureThreshold     FAIL verdicts in a row that fail the step; null when the spec does not say
     * @param intendedGreenPercent the share the step's weights intend, to read {@code observedGreenPercent} by;
     *                             null before the first step
     */
    public record GateView(String name, String type, Verdict verdict, String message, Map<String, Double> measured,
                           Map<String, Double> limits, Instant evaluatedAt, Instant nextAt, int evaluations,
                           int consecutiveFailures, Integer failureThreshold, Double observedGreenPercent,
                           Double intendedGreenPercent) {

        /** {@code PASS}, {@code FAIL}, {@code INCONCLUSIVE}, or {@code pending} before the first evaluation. */
        public String verdictText() {
            return verdict == null ? "pending" : verdict.name();
        }
    }

    /**
     * How the deployment ended, or that it has not. REFUSED is a deployment that ended (as
     * ROLLED_BACK, trigger PRECONDITION) before it wrote any weight: Route53 holds what it held.
     */
    public enum Outcome {
        PROMOTED("promoted"), ROLLED_BACK("rolled back"), REFUSED("refused to start"), FAILING_BACK("failing back"),
        IN_PROGRESS("in progress");

        public final String label;

        Outcome(String label) {
            this.label = label;
        }
    }

    /**
     * What the deployment waits for.
     *
     * @param what     {@code the DNS TTL}, {@code the bake}, {@code a decision}, …
     * @param until    when that wait is over by itself; null when only an event ends it
     * @param deadline when the phase fails back if still not done; null for none
     */
    public record Wait(String what, Instant until, Instant deadline) {
    }

    /**
     * One step of the spec as it went.
     *
     * @param exposure how long and to what share clients stay on green if it turns bad during this
     *                 step, as the plan estimates it; null for a step without a share
     */
    public record StepView(int number, Double requestedPercent, Weights weights, boolean needsApproval,
                           Bake bake, StepOutcome outcome, String outcomeNote, ApprovalView approval,
                           List<GateEvidence> evidence, boolean evidenceSoFar, List<ShareSample> observed,
                           Exposure exposure) {

        /** The latest share green really received during this step, if a gate measured one. */
        public Optional<ShareSample> lastObserved() {
            return observed.isEmpty() ? Optional.empty() : Optional.of(observed.get(observed.size() - 1));
        }
    }

    public enum StepOutcome {
        PASSED("passed"), FAILED("failed"), IN_PROGRESS("in progress"), NOT_REACHED("not reached");

        public final String label;

        StepOutcome(String label) {
            this.label = label;
        }
    }

    /**
     * A step's approval.
     *
     * @param by       who decided (APPROVED, REJECTED)
     * @param at       when it was decided, or since when it is awaited (WAITING)
     * @param within   the approval timeout that ran out (NO_DECISION)
     */
    public record ApprovalView(Decision decision, String by, Instant at, List<String> comments, Duration within) {

        public enum Decision { APPROVED, REJECTED, NO_DECISION, WAITING }
    }

    /**
     * @param attempts   failed attempts at setting blue 100 / green 0 so far
     * @param stepNumber the step it failed back at, from 1; null before the first
     * @param by         who caused it: the driver, or the person who rejected or aborted
     */
    public record FailBackView(Trigger trigger, String triggerText, String reason, Instant since, int attempts,
                               boolean overdue, Integer stepNumber, String by) {
    }

    /**
     * The records were found holding other weights than the deployment wrote.
     *
     * @param stepNumber the step then, from 1; null before the first
     * @param action     what the deployment did about it: {@code failBack} or {@code alert}
     */
    public record DriftView(Instant at, Integer stepNumber, Phase phase, Weights expected, Weights found,
                            String action) {
    }

    /** The step of the drain check's samples in {@code observed}: none. */
    public static final int DRAIN_STEP = -1;

    /** The view of {@code record} at {@code now}. */
    public static DeploymentView of(DeploymentRecord record, Instant now) {
        List<StepSpec> specs = record.spec() == null ? List.of() : record.steps();
        StepSpec current = record.step() >= 0 && record.step() < specs.size() ? specs.get(record.step()) : null;
        List<ShareSample> observed = observed(record);
        List<StepView> steps = new ArrayList<>(specs.size());
        for (int i = 0; i < specs.size(); i++) {
            steps.add(step(record, i, specs.get(i), observed));
        }
        return new DeploymentView(record.id(), record.version(), record.phase(), outcome(record), record.isFinished(),
                headline(record, now), subject(record), current == null ? null : record.step() + 1, specs.size(),
                current == null ? null : current.percent(), record.weights(), waitOf(record), List.copyOf(steps),
                gates(record), failBackOf(record), record.drain(), record.drift(), drifts(record), record.abort(), record.lease(), record.green(), record.lastError(),
                record.errors(), observed, record.shareSamples().isEmpty() && !observed.isEmpty(), record.history(),
                record.createdAt(), record.updatedAt());
    }

    private static Subject subject(DeploymentRecord r) {
        CanarySpec spec = r.spec();
        if (spec == null) {
            return null;
        }
        DnsSpec dns = spec.dns();
        return new Subject(dns == null ? null : dns.recordName(), dns == null ? null : dns.hostedZoneId(),
                dns == null ? null : dns.blueSetIdentifier(), dns == null ? null : dns.greenSetIdentifier(),
                spec.region(), service(spec.blue()), service(spec.green()),
                r.green() == null ? null : r.green().taskDefinition(),
                spec.stacks().stream().filter(Objects::nonNull).map(StackSpec::name).toList(), r.stackIndex());
    }

    private static List<DriftView> drifts(DeploymentRecord r) {
        return r.history().stream().filter(e -> e.event() instanceof Drifted).map(e -> {
            Drifted d = (Drifted) e.event();
            return new DriftView(e.at(), e.step() >= 0 ? e.step() + 1 : null, e.phase(), d.expected(), d.found(),
                    d.action());
        }).toList();
    }

    private static Service service(ServiceSide side) {
        return side == null ? null : new Service(side.cluster(), side.service());
    }

    private static List<GateView> gates(DeploymentRecord r) {
        // The step's share, not the record's weights: after a fail-back those are all blue.
        Weights stepWeights = r.spec() == null ? null : weightsFor(r.currentStep());
        Double intended = stepWeights == null ? null : stepWeights.greenPercent();
        boolean baking = r.phase() == Phase.BAKING;
        List<GateView> gates = new ArrayList<>(r.gates().size());
        for (GateStatus g : r.gates()) {
            Optional<GateSpec> spec = gateSpec(r, g.name());
            gates.add(new GateView(g.name(), spec.map(GateSpec::type).orElse(null),
                    g.verdict(), g.message(), g.measured(), g.limits(), g.evaluatedAt(), baking ? g.nextAt() : null,
                    g.evaluations(), g.consecutiveFailures(), spec.map(GateSpec::failureThreshold).orElse(null),
                    g.observedGreenPercent(), intended));
        }
        return List.copyOf(gates);
    }

    private static Optional<GateSpec> gateSpec(DeploymentRecord r, String name) {
        if (r.spec() == null || name == null) {
            return Optional.empty();
        }
        return r.spec().gates().stream().filter(g -> g != null && name.equals(g.name())).findFirst();
    }

    private static Outcome outcome(DeploymentRecord r) {
        return switch (r.phase()) {
            case PROMOTED -> Outcome.PROMOTED;
            case ROLLED_BACK -> isRefusal(r) ? Outcome.REFUSED : Outcome.ROLLED_BACK;
            case FAILING_BACK -> Outcome.FAILING_BACK;
            default -> Outcome.IN_PROGRESS;
        };
    }

    /** The deployment would not start (green already had traffic, a reference did not resolve): nothing was shifted. */
    private static boolean isRefusal(DeploymentRecord r) {
        return r.failBack() != null && r.failBack().trigger() == Trigger.PRECONDITION
                && !r.mayHaveShiftedTraffic();
    }

    private static String headline(DeploymentRecord r, Instant now) {
        StepSpec current = r.currentStep();
        String step = "step " + (r.step() + 1) + "/" + r.steps().size() + percentText(current == null ? null
                : current.percent());
        if (r.drift() != null && !r.isFinished()) {
            return "held at " + step + ": the records hold " + r.drift().found() + ", not " + r.drift().expected()
                    + " as written; restore them or run 'ecs-canary rollback " + r.id() + "'"
                    + left(now, r.drift().holdUntil()) + " before it fails back";
        }
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
            case DRAINING -> (r.drain().outcome() == Phase.PROMOTED ? "promoted: green serves 100%"
                    : "rolled back: blue serves 100%") + "; checking that clients left " + r.drain().drainedSide()
                    + left(now, r.drain().readyAt());
            case PROMOTED -> "promoted: green serves 100%";
            case FAILING_BACK -> "failing back" + (r.failBack() == null ? "" : ": " + r.failBack().reason());
            case ROLLED_BACK -> isRefusal(r)
                    ? "refused to start, Route53 not changed: " + r.failBack().reason()
                    : "rolled back" + (r.failBack() == null ? "" : ": " + r.failBack().reason());
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

    private static String percentText(Double percent) {
        return percent == null ? "" : " (" + Percentages.format(percent) + "% green)";
    }

    /** {@code , 3m left} (whole minutes, rounded up, from a minute on), {@code , 45s left}, or nothing once past. */
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

    private static Wait waitOf(DeploymentRecord r) {
        Instant deadline = r.deadline();
        if (r.drift() != null && !r.isFinished()) {
            return new Wait("a person to restore the records or roll back", null, r.drift().holdUntil());
        }
        return switch (r.phase()) {
            case PENDING -> new Wait("the first tick", null, null);
            case DEPLOYING_STACKS -> new Wait("the stacks", null, deadline);
            case AWAITING_GREEN -> new Wait("green's tasks", null, deadline);
            case GREEN_RUNNING -> new Wait("the first step", null, null);
            case AWAITING_APPROVAL -> new Wait("a decision", null, deadline);
            case SHIFTING -> new Wait("Route53", null, deadline);
            case SETTLING -> new Wait("the DNS TTL", r.waitUntil(), null);
            case BAKING -> new Wait("the bake, then every gate to pass", r.waitUntil(), deadline);
            case FAILING_BACK -> new Wait("Route53 to confirm the fail-back", null, deadline);
            case DRAINING -> new Wait("the drain check of " + r.drain().drainedSide(), r.drain().readyAt(), null);
            case PROMOTED, ROLLED_BACK -> null;
        };
    }

    private static FailBackView failBackOf(DeploymentRecord r) {
        FailBack fb = r.failBack();
        if (fb == null) {
            return null;
        }
        String by = null;
        Integer step = null;
        for (HistoryEntry e : r.history()) {
            if (e.event() instanceof FailingBack) {
                by = e.by();
                step = e.step() >= 0 ? e.step() + 1 : null;
            }
        }
        return new FailBackView(fb.trigger(), triggerText(fb.trigger()), fb.reason(), fb.since(), fb.attempts(),
                fb.overdue(), step, by);
    }

    public static String triggerText(Trigger trigger) {
        if (trigger == null) {
            return "failed";
        }
        return switch (trigger) {
            case GATE_FAILED -> "gate failed";
            case REJECTED -> "rejected";
            case TIMEOUT -> "timed out";
            case ABORTED -> "aborted";
            case ERROR -> "error";
            case STACK_FAILED -> "stack failed";
            case PRECONDITION -> "precondition not met";
            case DRIFT -> "records changed outside the deployment";
        };
    }

    /**
     * Every measured share. The engine keeps each gate measurement in {@code shareSamples}; without
     * any, the current bake's latest evaluations stand in (a point per gate, at its evaluation time).
     */
    private static List<ShareSample> observed(DeploymentRecord record) {
        List<ShareSample> drain = drainSamples(record.drain());
        if (!record.shareSamples().isEmpty() || !drain.isEmpty()) {
            return java.util.stream.Stream.concat(record.shareSamples().stream(), drain.stream())
                    .filter(s -> s.at() != null).sorted(Comparator.comparing(ShareSample::at)).toList();
        }
        StepSpec current = record.currentStep();
        Weights weights = weightsFor(current);
        double intended = weights == null ? Double.NaN : weights.greenPercent();
        return record.gates().stream()
                .filter(g -> g.observedGreenPercent() != null && g.evaluatedAt() != null)
                .map(g -> new ShareSample(g.evaluatedAt(), record.step(), intended, g.observedGreenPercent(), g.name()))
                .sorted(Comparator.comparing(ShareSample::at))
                .toList();
    }

    /** The minutes of the drain check as green's share, so the timeline goes on through it; of no step. */
    private static List<ShareSample> drainSamples(Drain drain) {
        if (drain == null || drain.result() == null) {
            return List.of();
        }
        boolean blueDrained = drain.drainedSide().equals("blue");
        double intended = blueDrained ? 100 : 0;
        return drain.result().timeline().stream()
                .filter(m -> m.drainedRequests() + m.otherRequests() > 0)
                .map(m -> {
                    double drainedShare = 100.0 * m.drainedRequests() / (m.drainedRequests() + m.otherRequests());
                    return new ShareSample(m.minute(), DRAIN_STEP, intended,
                            blueDrained ? 100 - drainedShare : drainedShare, "drain check");
                })
                .toList();
    }

    private static StepView step(DeploymentRecord r, int index, StepSpec spec, List<ShareSample> observed) {
        int number = index + 1;
        StepOutcome outcome;
        String note = null;
        // While the drain is checked, the steps are as the decided outcome left them.
        Phase phase = r.phase() == Phase.DRAINING ? r.drain().outcome() : r.phase();
        if (index < r.step() || (index == r.step() && phase == Phase.PROMOTED)) {
            outcome = StepOutcome.PASSED;
        } else if (index == r.step() && (phase == Phase.FAILING_BACK || phase == Phase.ROLLED_BACK)) {
            outcome = StepOutcome.FAILED;
            FailBack fb = r.failBack();
            note = fb == null ? null : triggerText(fb.trigger()) + ": " + fb.reason();
        } else if (index == r.step()) {
            outcome = StepOutcome.IN_PROGRESS;
            note = r.phase().description();
        } else {
            outcome = StepOutcome.NOT_REACHED;
        }
        List<GateEvidence> evidence = List.of();
        boolean soFar = false;
        Optional<HistoryEntry> out = transitionOutOfBake(r.history(), index);
        if (out.isPresent()) {
            evidence = out.get().gates();
        } else if (index == r.step() && r.phase() == Phase.BAKING) {
            evidence = r.gates().stream().map(GateStatus::evidence).toList();
            soFar = true;
        }
        return new StepView(number, spec == null ? null : spec.percent(), weightsFor(spec),
                spec != null && spec.needsApproval(), spec == null ? null : spec.bakeTime(), outcome, note,
                approval(r, index, spec), evidence, soFar,
                observed.stream().filter(s -> s.step() == index).toList(),
                weightsFor(spec) == null ? null : Exposure.of(r.spec(), spec));
    }

    private static ApprovalView approval(DeploymentRecord r, int index, StepSpec spec) {
        int number = index + 1;
        ApprovalView approval = null;
        for (HistoryEntry e : r.history()) {
            if (e.event() instanceof Approved approved && approved.stepNumber() == number) {
                approval = new ApprovalView(ApprovalView.Decision.APPROVED, e.by(), e.at(),
                        approved.comment() == null ? List.of() : List.of(approved.comment()), null);
            } else if (e.event() instanceof FailingBack failing && e.step() == index
                    && failing.from() == Phase.AWAITING_APPROVAL) {
                if (failing.trigger() == Trigger.REJECTED) {
                    approval = new ApprovalView(ApprovalView.Decision.REJECTED, e.by(), e.at(), failing.details(),
                            null);
                } else if (failing.trigger() == Trigger.TIMEOUT) {
                    approval = new ApprovalView(ApprovalView.Decision.NO_DECISION, null, e.at(), List.of(),
                            r.spec().timeouts().approval());
                }
            }
        }
        if (approval == null && spec != null && spec.needsApproval() && r.step() == index
                && r.phase() == Phase.AWAITING_APPROVAL) {
            approval = new ApprovalView(ApprovalView.Decision.WAITING, null, r.phaseStartedAt(), List.of(), null);
        }
        return approval;
    }

    /** The entry that ended step {@code index}'s (last) bake: it carries the gates' final evidence. */
    private static Optional<HistoryEntry> transitionOutOfBake(List<HistoryEntry> history, int index) {
        int lastBaking = -1;
        for (int i = 0; i < history.size(); i++) {
            HistoryEntry e = history.get(i);
            if (e.phase() == Phase.BAKING && e.step() == index) {
                lastBaking = i;
            }
        }
        if (lastBaking < 0) {
            return Optional.empty();
        }
        for (int i = lastBaking + 1; i < history.size(); i++) {
            if (history.get(i).phase() != Phase.BAKING) {
                return Optional.of(history.get(i));
            }
        }
        return Optional.empty();
    }

    /** The weights a step's share becomes, or null when it has none or none can express it. */
    public static Weights weightsFor(StepSpec spec) {
        try {
            return spec == null || spec.percent() == null ? null : Weights.forGreenPercent(spec.percent());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
