package dev.ecscanary.report;

import dev.ecscanary.spec.Weights;
import dev.ecscanary.state.HistoryEntry;
import dev.ecscanary.state.HistoryEvent.Approved;
import dev.ecscanary.state.HistoryEvent.FailingBack;
import dev.ecscanary.state.HistoryEvent.Promoted;
import dev.ecscanary.state.HistoryEvent.RolledBack;
import dev.ecscanary.state.HistoryEvent.WeightsWritten;
import dev.ecscanary.state.Phase;
import dev.ecscanary.state.ShareSample;
import java.time.Duration;
import java.time.Instant;
import dev.ecscanary.view.DeploymentView;
import dev.ecscanary.view.DeploymentView.StepView;
import java.util.ArrayList;
import java.util.List;

/**
 * What the report tells, derived from one deployment's view and nothing else: the timeline (intended weights,
 * observed shares, phases, approvals, fail-back) and each step's outcome. Everything is read from the
 * history's data (its events and their fields); no sentence is parsed.
 */
final class Story {

    final DeploymentView view;
    final Instant start;
    final Instant end;
    final List<Level> intended;
    final List<HistoryEntry> writes;
    final List<Band> bands;
    final List<Marker> markers;
    final List<ShareSample> observed;
    final boolean observedFromCurrentGatesOnly;
    final List<StepView> steps;

    private Story(DeploymentView view) {
        this.view = view;
        List<HistoryEntry> history = view.history();
        this.start = view.createdAt() != null ? view.createdAt()
                : history.isEmpty() ? Instant.EPOCH : history.get(0).at();
        this.observed = view.observed();
        this.observedFromCurrentGatesOnly = view.observedFromLastBakeOnly();
        this.end = end(view, start);
        this.intended = intended(history);
        this.writes = history.stream().filter(e -> e.is(WeightsWritten.class) && e.weights() != null).toList();
        this.bands = bands(history, end);
        this.markers = markers(history, view.outcome() == DeploymentView.Outcome.REFUSED);
        this.steps = view.steps();
    }

    static Story of(DeploymentView view) {
        return new Story(view);
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
        FAILING_BACK("failing back", "#fecaca"),
        DRAINING("drain check: did clients leave?", "#ede9fe");

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
                case DRAINING -> DRAINING;
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

    private static Instant end(DeploymentView view, Instant start) {
        Instant last = start;
        for (HistoryEntry e : view.history()) {
            last = later(last, e.at());
        }
        for (ShareSample s : view.observed()) {
            last = later(last, s.at());
        }
        if (!view.finished()) {
            // Still running: the chart reaches to the last write of the record.
            last = later(last, view.updatedAt());
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

    /** The step an entry is about, from 1; 0 before the first. */
    private static int stepNumber(HistoryEntry e) {
        return e.step() >= 0 ? e.step() + 1 : 0;
    }

    private static void addBand(List<Band> bands, Phase phase, Instant from, Instant to, int step) {
        BandKind kind = phase == null ? null : BandKind.of(phase);
        if (kind != null && to.isAfter(from)) {
            bands.add(new Band(from, to, kind, phase, step));
        }
    }

    /** @param refused the deployment refused to start: its one marker says so, no fail-back or rollback */
    private static List<Marker> markers(List<HistoryEntry> history, boolean refused) {
        List<Marker> markers = new ArrayList<>();
        for (HistoryEntry e : history) {
            if (e.at() == null) {
                continue;
            }
            if (e.event() instanceof Approved approved) {
                markers.add(new Marker(e.at(), MarkerKind.APPROVAL, "\u2713 step " + approved.stepNumber()
                        + " approved by " + shorten(String.valueOf(e.by()), 24), e.text()));
            } else if (e.event() instanceof FailingBack failingBack) {
                markers.add(new Marker(e.at(), MarkerKind.FAIL_BACK, (refused ? "\u2717 refused: " : "\u2717 fail-back: ")
                        + shorten(failingBack.reason(), 48), e.text()));
            } else if (refused && e.is(RolledBack.class)) {
                continue;
            } else if (e.is(Promoted.class)) {
                markers.add(new Marker(e.at(), MarkerKind.PROMOTED, "promoted", e.text()));
            } else if (e.is(RolledBack.class)) {
                markers.add(new Marker(e.at(), MarkerKind.ROLLED_BACK, "rolled back", e.text()));
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
}
