package dev.ecscanary.report;

import dev.ecscanary.spec.GateSpec;
import dev.ecscanary.spec.StepSpec;
import dev.ecscanary.spec.Weights;
import dev.ecscanary.state.DeploymentRecord;
import dev.ecscanary.state.FailBack;
import dev.ecscanary.state.GateStatus;
import dev.ecscanary.state.HistoryEntry;
import dev.ecscanary.state.Phase;
import dev.ecscanary.state.ShareSample;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the report tells, derived from one record and nothing else: the timeline (intended weights,
 * observed shares, phases, approvals, fail-back) and each step's outcome. Reads the engine's history
 * by its event wording where it must (approvals, weight writes); anything unrecognised is still shown
 * verbatim in the transitions table, so a change of wording loses a marker, never information.
 */
final class Story {

    static final String FAILING_BACK = "failing back: ";
    private static final Pattern REJECTED = Pattern.compile("^failing back: step (\\d+) rejected by (.*)$", Pattern.DOTALL);
    private static final Pattern NO_DECISION = Pattern.compile("^failing back: no decision on step (\\d+) within (.*)$",
            Pattern.DOTALL);
    private static final Pattern STEP_IN_EVENT = Pattern.compile("\\bstep (\\d{1,4})\\b");
    private static final Pattern GATE_LINE = Pattern.compile("^(PASS|FAIL|INCONCLUSIVE|pending)(?: - (.*))?$",
            Pattern.DOTALL);
    private static final Pattern ANY_GATE_LINE = Pattern.compile("^([^:\\n]{1,120}): (PASS|FAIL|INCONCLUSIVE|pending)(?: - (.*))?$",
            Pattern.DOTALL);

    final DeploymentRecord record;
    final Instant start;
    final Instant end;
    final List<Level> intended;
    final List<HistoryEntry> writes;
    final List<Band> bands;
    final List<Marker> markers;
    final List<ShareSample> observed;
    final boolean observedFromCurrentGatesOnly;
    final List<StepRow> steps;
    private final Set<String> gateNames;

    private Story(DeploymentRecord record) {
        this.record = record;
        this.gateNames = gateNames(record);
        List<HistoryEntry> history = record.history();
        this.start = record.createdAt() != null ? record.createdAt()
                : history.isEmpty() ? Instant.EPOCH : history.get(0).at();
        List<ShareSample> samples = samples(record);
        this.observedFromCurrentGatesOnly = record.shareSamples().isEmpty() && !samples.isEmpty();
        this.observed = samples;
        this.end = end(record, start, samples);
        this.intended = intended(history);
        this.writes = history.stream().filter(e -> e.kind() == HistoryEntry.Kind.WEIGHTS_WRITTEN
                && e.weights() != null).toList();
        this.bands = bands(history, end);
        this.markers = markers(history);
        this.steps = stepRows(record);
    }

    static Story of(DeploymentRecord record) {
        return new Story(record);
    }

    // ---------------------------------------------------------------------------------------------
    // The timeline.
    // ---------------------------------------------------------------------------------------------

    /** The intended green share from {@code from} on (until the next level). */
    record Level(Instant from, double percent, Weights weights) {
    }

    enum BandKind {
        PREPARING("preparing green (stacks, tasks)", "#e5e7eb"),
        APPROVAL("waiting for approval", "#fde68a"),
        SHIFTING("shifting: Route53 sync and DNS TTL", "#dbeafe"),
        BAKING("baking: gates run", "#dcfce7"),
        FAILING_BACK("failing back", "#fecaca");

        final String label;
        final String fill;

        BandKind(String label, String fill) {
            this.label = label;
            this.fill = fill;
        }

        static BandKind of(Phase phase) {
            return switch (phase) {
                case PENDING, DEPLOYING_STACKS, AWAITING_GREEN, GREEN_RUNNING -> PREPARING;
                case AWAITING_APPROVAL -> APPROVAL;
                case SHIFTING, SETTLING -> SHIFTING;
                case BAKING -> BAKING;
                case FAILING_BACK -> FAILING_BACK;
                case PROMOTED, ROLLED_BACK -> null;
            };
        }
    }

    /** @param stepNumber the step the band is about, from 1; 0 when none */
    record Band(Instant from, Instant to, BandKind kind, Phase phase, int stepNumber) {
    }

    enum MarkerKind { APPROVAL, FAIL_BACK, PROMOTED, ROLLED_BACK }

    /** A moment worth a vertical line: a short label on the chart, the full text as its tooltip. */
    record Marker(Instant at, MarkerKind kind, String label, String detail) {
    }

    private static Set<String> gateNames(DeploymentRecord record) {
        Set<String> names = new LinkedHashSet<>();
        if (record.spec() != null) {
            for (GateSpec gate : record.spec().gates()) {
                if (gate != null && gate.name() != null) {
                    names.add(gate.name());
                }
            }
        }
        record.gates().stream().map(GateStatus::name).filter(n -> n != null).forEach(names::add);
        return names;
    }

    /**
     * Every measured share. The engine keeps each gate measurement in {@code shareSamples}; records
     * written before it did only have the share of the CURRENT bake's latest evaluations, in the
     * gate statuses, so those are the fallback (a single point per gate, at its evaluation time).
     * Per-step shares for such old records cannot be recovered: the history's gate evidence lines
     * ({@code GateStatus.describe()}) carry the verdict and evidence text, not the share.
     */
    private static List<ShareSample> samples(DeploymentRecord record) {
        if (!record.shareSamples().isEmpty()) {
            return record.shareSamples().stream().filter(s -> s.at() != null)
                    .sorted(Comparator.comparing(ShareSample::at)).toList();
        }
        double intended = currentStepPercent(record);
        return record.gates().stream()
                .filter(g -> g.observedGreenPercent() != null && g.evaluatedAt() != null)
                .map(g -> new ShareSample(g.evaluatedAt(), record.step(), intended, g.observedGreenPercent(), g.name()))
                .sorted(Comparator.comparing(ShareSample::at))
                .toList();
    }

    private static Instant end(DeploymentRecord record, Instant start, List<ShareSample> samples) {
        Instant last = start;
        for (HistoryEntry e : record.history()) {
            last = later(last, e.at());
        }
        for (ShareSample s : samples) {
            last = later(last, s.at());
        }
        if (!record.isFinished()) {
            // Still running: the chart reaches to the last write of the record.
            last = later(last, record.updatedAt());
        }
        return last;
    }

    private static Instant later(Instant a, Instant b) {
        return b != null && b.isAfter(a) ? b : a;
    }

    private static List<Level> intended(List<HistoryEntry> history) {
        List<Level> levels = new ArrayList<>();
        Weights last = null;
        for (HistoryEntry e : history) {
            Weights w = e.weights();
            if (w == null || e.at() == null) {
                continue;
            }
            if (last == null || w.greenPercent() != last.greenPercent()) {
                levels.add(new Level(e.at(), w.greenPercent(), w));
            }
            last = w;
        }
        return levels;
    }

    private static List<Band> bands(List<HistoryEntry> history, Instant end) {
        List<Band> bands = new ArrayList<>();
        Phase phase = null;
        Instant since = null;
        int step = -1;
        for (HistoryEntry e : history) {
            if (e.phase() == null || e.at() == null) {
                continue;
            }
            if (e.phase() != phase) {
                addBand(bands, phase, since, e.at(), step);
                phase = e.phase();
                since = e.at();
                step = stepNumber(e);
            }
        }
        addBand(bands, phase, since, end, step);
        // Adjacent phases of one kind (SHIFTING then SETTLING) read as one band.
        List<Band> merged = new ArrayList<>();
        for (Band b : bands) {
            Band previous = merged.isEmpty() ? null : merged.get(merged.size() - 1);
            if (previous != null && previous.kind() == b.kind() && previous.to().equals(b.from())) {
                merged.set(merged.size() - 1, new Band(previous.from(), b.to(), b.kind(), previous.phase(),
                        Math.max(previous.stepNumber(), b.stepNumber())));
            } else {
                merged.add(b);
            }
        }
        return List.copyOf(merged);
    }

    /**
     * The step an entry is about, from 1. Entries that start a step ("shifting to step 2/4",
     * "waiting for approval of step 2/4") are recorded while the record is still at the step before,
     * so the number in the event text is preferred to {@code entry.step()}.
     */
    private static int stepNumber(HistoryEntry e) {
        Matcher m = STEP_IN_EVENT.matcher(e.event() == null ? "" : e.event());
        if (m.find()) {
            return Integer.parseInt(m.group(1));
        }
        return e.step() >= 0 ? e.step() + 1 : 0;
    }

    private static void addBand(List<Band> bands, Phase phase, Instant from, Instant to, int step) {
        BandKind kind = phase == null ? null : BandKind.of(phase);
        if (kind != null && to.isAfter(from)) {
            bands.add(new Band(from, to, kind, phase, step));
        }
    }

    private static List<Marker> markers(List<HistoryEntry> history) {
        List<Marker> markers = new ArrayList<>();
        for (HistoryEntry e : history) {
            String event = e.event() == null ? "" : e.event();
            if (e.at() == null) {
                continue;
            }
            if (e.kind() == HistoryEntry.Kind.APPROVED) {
                markers.add(new Marker(e.at(), MarkerKind.APPROVAL, "\u2713 step " + (e.step() + 1) + " approved by "
                        + shorten(String.valueOf(e.by()), 24), event));
            } else if (e.phase() == Phase.FAILING_BACK && event.startsWith(FAILING_BACK)) {
                markers.add(new Marker(e.at(), MarkerKind.FAIL_BACK, "\u2717 fail-back: "
                        + shorten(event.substring(FAILING_BACK.length()), 48), event));
            } else if (e.phase() == Phase.PROMOTED) {
                markers.add(new Marker(e.at(), MarkerKind.PROMOTED, "promoted", event));
            } else if (e.phase() == Phase.ROLLED_BACK) {
                markers.add(new Marker(e.at(), MarkerKind.ROLLED_BACK, "rolled back", event));
            }
        }
        return markers;
    }

    static String shorten(String text, int max) {
        if (text == null) {
            return "";
        }
        return text.length() <= max ? text : text.substring(0, max - 1) + "\u2026";
    }

    /**
     * The green share the current gate statuses were measured under: those of the current step's
     * bake, whose weights are the step's (the record's weights may since have failed back). NaN
     * before the first step.
     */
    static double currentStepPercent(DeploymentRecord record) {
        Weights weights = record.spec() == null ? null : weightsFor(record.currentStep());
        return weights == null ? Double.NaN : weights.greenPercent();
    }

    /** The intended green share at {@code at}: the level in effect then, or NaN before any is known. */
    double intendedAt(Instant at) {
        double value = Double.NaN;
        for (Level level : intended) {
            if (!level.from().isAfter(at)) {
                value = level.percent();
            }
        }
        return value;
    }

    /** From the creation to the last entry; at least ten seconds, so that a chart has a width. */
    Duration span() {
        Duration span = Duration.between(start, end);
        return span.compareTo(Duration.ofSeconds(10)) < 0 ? Duration.ofSeconds(10) : span;
    }

    // ---------------------------------------------------------------------------------------------
    // Steps.
    // ---------------------------------------------------------------------------------------------

    enum Outcome {
        PASSED("passed"), FAILED("failed"), IN_PROGRESS("in progress"), NOT_REACHED("not reached");

        final String label;

        Outcome(String label) {
            this.label = label;
        }
    }

    /**
     * One spec step as it went.
     *
     * @param approval     who decided, or why nobody did; null when the step needs no approval or
     *                     was never asked
     * @param outcomeNote  why it failed or where it is
     * @param evidence     gate evidence when its bake ended (or so far, while baking)
     */
    record StepRow(int index, StepSpec spec, Weights weights, String approval, List<String> approvalComments,
                   Outcome outcome, String outcomeNote, List<String> evidence, boolean evidenceSoFar,
                   List<ShareSample> samples) {
    }

    private List<StepRow> stepRows(DeploymentRecord r) {
        List<StepSpec> specs = r.spec() == null ? List.of() : r.steps();
        List<StepRow> rows = new ArrayList<>(specs.size());
        for (int i = 0; i < specs.size(); i++) {
            StepSpec spec = specs.get(i);
            rows.add(stepRow(r, i, spec));
        }
        return List.copyOf(rows);
    }

    private StepRow stepRow(DeploymentRecord r, int index, StepSpec spec) {
        Weights weights = weightsFor(spec);
        int number = index + 1;
        String approval = null;
        List<String> comments = List.of();
        for (HistoryEntry e : r.history()) {
            String event = e.event() == null ? "" : e.event();
            Matcher rejected = REJECTED.matcher(event);
            Matcher silent = NO_DECISION.matcher(event);
            if (e.kind() == HistoryEntry.Kind.APPROVED && e.step() + 1 == number) {
                approval = "approved by " + e.by() + " at " + Html.time(e.at());
                comments = e.evidence();
            } else if (rejected.matches() && Integer.parseInt(rejected.group(1)) == number) {
                approval = "rejected by " + (e.by() != null ? e.by() : rejected.group(2)) + " at " + Html.time(e.at());
                comments = e.evidence();
            } else if (silent.matches() && Integer.parseInt(silent.group(1)) == number) {
                approval = "no decision within " + silent.group(2);
            }
        }
        if (approval == null && spec.needsApproval() && r.step() == index && r.phase() == Phase.AWAITING_APPROVAL) {
            approval = "waiting since " + Html.time(r.phaseStartedAt());
        }

        Outcome outcome;
        String note = null;
        if (index < r.step() || (index == r.step() && r.phase() == Phase.PROMOTED)) {
            outcome = Outcome.PASSED;
        } else if (index == r.step() && (r.phase() == Phase.FAILING_BACK || r.phase() == Phase.ROLLED_BACK)) {
            outcome = Outcome.FAILED;
            FailBack fb = r.failBack();
            note = fb == null ? null : triggerText(fb.trigger()) + ": " + fb.reason();
        } else if (index == r.step()) {
            outcome = Outcome.IN_PROGRESS;
            note = r.phase().description();
        } else {
            outcome = Outcome.NOT_REACHED;
        }

        List<String> evidence = List.of();
        boolean soFar = false;
        Optional<HistoryEntry> out = transitionOutOfBake(r.history(), index);
        if (out.isPresent()) {
            evidence = out.get().evidence();
        } else if (index == r.step() && r.phase() == Phase.BAKING) {
            evidence = r.gates().stream().map(GateStatus::describe).toList();
            soFar = true;
        }
        List<ShareSample> samples = observed.stream().filter(s -> s.step() == index).toList();
        return new StepRow(index, spec, weights, approval, comments, outcome, note, evidence, soFar, samples);
    }

    static Weights weightsFor(StepSpec spec) {
        try {
            return spec == null || spec.percent() == null ? null : Weights.forGreenPercent(spec.percent());
        } catch (IllegalArgumentException e) {
            return null;
        }
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

    static String triggerText(FailBack.Trigger trigger) {
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
        };
    }

    // ---------------------------------------------------------------------------------------------
    // Gate evidence lines.
    // ---------------------------------------------------------------------------------------------

    /** A gate result as the engine writes it into history evidence: {@code name: VERDICT - evidence}. */
    record GateLine(String gate, String verdict, String evidence) {
    }

    /**
     * Recognises {@code GateStatus.describe()} output. With the spec's gate names known, only lines
     * starting with one of them count (a colon inside a name or an evidence text cannot confuse it);
     * without, a plain {@code word: VERDICT} prefix does.
     */
    Optional<GateLine> gateLine(String line) {
        if (line == null) {
            return Optional.empty();
        }
        for (String name : gateNames) {
            if (line.startsWith(name + ": ")) {
                Matcher m = GATE_LINE.matcher(line.substring(name.length() + 2));
                if (m.matches()) {
                    return Optional.of(new GateLine(name, m.group(1), m.group(2)));
                }
            }
        }
        if (gateNames.isEmpty()) {
            Matcher m = ANY_GATE_LINE.matcher(line);
            if (m.matches()) {
                return Optional.of(new GateLine(m.group(1), m.group(2), m.group(3)));
            }
        }
        return Optional.empty();
    }
}
