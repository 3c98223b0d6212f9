package dev.ecscanary.cli.progress;

import dev.ecscanary.state.DeploymentRecord;
import dev.ecscanary.state.HistoryEntry;
import dev.ecscanary.view.DeploymentView;
import java.io.BufferedReader;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Progress on a terminal: history entries, alerts and notes scroll; below them a block shows the
 * current phase, step, weights, time left and gates, redrawn once a second. A question pauses the
 * block so that the prompt stays readable.
 */
final class LiveProgress implements ProgressView {

    private static final long REDRAW_MILLIS = 1000;

    private final Terminal terminal;
    private final InstantSource clock;
    private final Prompter prompter;
    private final String self;
    private final AtomicReference<ProgressSnapshot> snapshot =
            new AtomicReference<>(new ProgressSnapshot(null, null, null));
    private final ScheduledExecutorService redraws = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "ecs-canary-progress");
        thread.setDaemon(true);
        return thread;
    });

    LiveProgress(Terminal terminal, BufferedReader in, InstantSource clock, String self) {
        this.terminal = terminal;
        this.clock = clock;
        this.self = self;
        LinePrompter lines = new LinePrompter(terminal.out(), in);
        this.prompter = question -> ask(lines, question);
        redraws.scheduleAtFixedRate(this::redraw, REDRAW_MILLIS, REDRAW_MILLIS, TimeUnit.MILLISECONDS);
    }

    @Override
    public void onHistory(DeploymentRecord record, HistoryEntry entry) {
        snapshot.updateAndGet(s -> s.withRecord(record));
        terminal.scroll(ProgressLines.history(DeploymentView.of(record, clock.instant()), entry, self), block());
    }

    @Override
    public void onWaiting(DeploymentRecord record, Instant until, String reason) {
        snapshot.updateAndGet(s -> s.waiting(record, until, reason));
        redraw();
    }

    @Override
    public void onGatesEvaluated(DeploymentRecord record) {
        snapshot.updateAndGet(s -> s.withRecord(record));
        redraw();
    }

    @Override
    public void onStackEvent(String deploymentId, String stack, String event) {
        terminal.scroll(List.of(ProgressLines.stackEvent(clock.instant(), deploymentId, stack, event)), block());
    }

    @Override
    public void onAlert(DeploymentRecord record, String message) {
        snapshot.updateAndGet(s -> s.withRecord(record));
        Instant now = clock.instant();
        terminal.scroll(List.of(ProgressLines.alert(DeploymentView.of(record, now), now, message)), block());
    }

    @Override
    public void note(String deploymentId, String text) {
        terminal.scroll(List.of(ProgressLines.note(clock.instant(), deploymentId, text)), block());
    }

    @Override
    public Prompter prompter() {
        return prompter;
    }

    @Override
    public void close() {
        if (!redraws.isShutdown()) {
            redraws.shutdownNow();
            redraw();
        }
    }

    private Optional<String> ask(LinePrompter lines, String question) {
        terminal.pause();
        try {
            return lines.ask(question);
        } finally {
            terminal.resume();
            redraw();
        }
    }

    private void redraw() {
        terminal.redraw(block());
    }

    private List<String> block() {
        ProgressSnapshot current = snapshot.get();
        if (current.record() == null) {
            return List.of();
        }
        Instant now = clock.instant();
        return LiveBlock.render(DeploymentView.of(current.record(), now), current.waitUntil() == null ? null
                : new LiveBlock.EngineWait(current.waitUntil(), current.waitReason()), now);
    }
}
