package dev.ecscanary.jenkins;

import dev.ecscanary.port.ProgressListener;
import dev.ecscanary.spec.Durations;
import dev.ecscanary.state.DeploymentRecord;
import dev.ecscanary.state.HistoryEntry;
import dev.ecscanary.view.DeploymentView;
import dev.ecscanary.view.Printable;
import dev.ecscanary.view.DeploymentView.GateView;
import edu.umd.cs.findbugs.annotations.NonNull;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The engine's progress as plain, timestamped lines in the build's console: every transition and
 * traffic change, each new wait (not every poll of the same wait), gate results, stack events and
 * alerts. Each persisted record is also handed to {@code onRecord} (the step's status, the build page).
 */
final class BuildLog implements ProgressListener {

    static final String PREFIX = "[ecs-canary] ";

    private final PrintStream out;
    private final String self;
    private final Consumer<DeploymentRecord> onRecord;
    private final Map<String, String> lastWaitReason = new ConcurrentHashMap<>();

    /** @param self the driver id this build acts as: entries by it do not repeat it */
    /** @param out the build's log ({@code TaskListener.getLogger()}) */
    BuildLog(@NonNull PrintStream out, @NonNull String self, @NonNull Consumer<DeploymentRecord> onRecord) {
        this.out = Objects.requireNonNull(out, "out");
        this.self = Objects.requireNonNull(self, "self");
        this.onRecord = Objects.requireNonNull(onRecord, "onRecord");
    }

    @Override
    public void onHistory(DeploymentRecord record, HistoryEntry entry) {
        onRecord.accept(record);
        lastWaitReason.remove(record.id());
        StringBuilder line = new StringBuilder(stamp(entry.at())).append(record.id()).append(' ')
                .append(entry.phase().description()).append(": ").append(entry.text());
        if (entry.by() != null && !entry.by().equals(self) && !entry.text().contains(entry.by())) {
            line.append(" (by ").append(entry.by()).append(')');
        }
        print(line.toString());
        for (String evidence : entry.evidenceLines()) {
            print("    - " + evidence);
        }
    }

    @Override
    public void onWaiting(DeploymentRecord record, Instant until, String reason) {
        onRecord.accept(record);
        if (!reason.equals(lastWaitReason.put(record.id(), reason))) {
            Instant now = Instant.now();
            print(stamp(now) + record.id() + " " + reason + " (next look in " + in(now, until) + ")");
        }
    }

    @Override
    public void onGatesEvaluated(DeploymentRecord record) {
        onRecord.accept(record);
        DeploymentView view = DeploymentView.of(record, Instant.now());
        Instant latest = view.gates().stream().map(GateView::evaluatedAt).filter(Objects::nonNull)
                .max(Instant::compareTo).orElse(null);
        if (latest == null) {
            return;
        }
        for (GateView gate : view.gates()) {
            if (latest.equals(gate.evaluatedAt())) {
                print(stamp(latest) + view.id() + " gate " + gate.name() + ": " + gate.verdictText()
                        + (gate.message() == null ? "" : " - " + gate.message())
                        + (gate.consecutiveFailures() > 0 ? " (" + gate.consecutiveFailures() + " failure(s) in a row)" : ""));
            }
        }
    }

    @Override
    public void onStackEvent(String deploymentId, String stack, String event) {
        print(stamp(Instant.now()) + deploymentId + " stack " + stack + ": " + event);
    }

    @Override
    public void onAlert(DeploymentRecord record, String message) {
        onRecord.accept(record);
        String bar = "!".repeat(72);
        print(bar);
        print(stamp(Instant.now()) + record.id() + " ALERT: " + message);
        print(bar);
    }

    /** A line of the host's own (not the engine's), e.g. what the step is about to do. */
    void note(String deploymentId, String text) {
        print(stamp(Instant.now()) + (deploymentId == null ? "" : deploymentId + " ") + text);
    }

    private void print(String line) {
        synchronized (out) {
            out.println(PREFIX + Printable.line(line));
        }
    }

    private static String stamp(Instant at) {
        return at.truncatedTo(ChronoUnit.SECONDS) + " ";
    }

    private static String in(Instant now, Instant until) {
        Duration wait = Duration.between(now, until);
        return wait.isNegative() ? "0s" : Durations.format(wait.truncatedTo(ChronoUnit.SECONDS));
    }
}
