package dev.ecscanary.cli.progress;

import dev.ecscanary.state.DeploymentRecord;
import dev.ecscanary.state.HistoryEntry;
import dev.ecscanary.view.DeploymentView;
import java.io.BufferedReader;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Progress for logs and CI: one timestamped line per history entry, wait, gate evaluation, stack
 * event and alert. A wait is printed when its reason changes, not at every poll of the same wait.
 */
final class PlainProgress implements ProgressView {

    private final PrintWriter out;
    private final InstantSource clock;
    private final Prompter prompter;
    private final String self;
    private final Map<String, String> lastWaitReason = new ConcurrentHashMap<>();

    PlainProgress(PrintWriter out, BufferedReader in, InstantSource clock, String self) {
        this.out = out;
        this.clock = clock;
        this.self = self;
        this.prompter = new LinePrompter(out, in);
    }

    @Override
    public void onHistory(DeploymentRecord record, HistoryEntry entry) {
        lastWaitReason.remove(record.id());
        print(ProgressLines.history(view(record), entry, self));
    }

    @Override
    public void onWaiting(DeploymentRecord record, Instant until, String reason) {
        if (!reason.equals(lastWaitReason.put(record.id(), reason))) {
            print(List.of(ProgressLines.waiting(view(record), clock.instant(), until, reason)));
        }
    }

    @Override
    public void onGatesEvaluated(DeploymentRecord record) {
        DeploymentView view = view(record);
        print(ProgressLines.evaluatedNow(view).stream().map(g -> ProgressLines.gate(view, g)).toList());
    }

    @Override
    public void onStackEvent(String deploymentId, String stack, String event) {
        print(List.of(ProgressLines.stackEvent(clock.instant(), deploymentId, stack, event)));
    }

    @Override
    public void onAlert(DeploymentRecord record, String message) {
        print(List.of(ProgressLines.alert(view(record), clock.instant(), message)));
    }

    @Override
    public void note(String deploymentId, String text) {
        print(List.of(ProgressLines.note(clock.instant(), deploymentId, text)));
    }

    @Override
    public Prompter prompter() {
        return prompter;
    }

    @Override
    public void close() {
        out.flush();
    }

    private DeploymentView view(DeploymentRecord record) {
        return DeploymentView.of(record, clock.instant());
    }

    private void print(List<String> lines) {
        synchronized (out) {
            lines.forEach(out::println);
            out.flush();
        }
    }
}
