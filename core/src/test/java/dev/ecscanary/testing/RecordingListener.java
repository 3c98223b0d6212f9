package dev.ecscanary.testing;

import dev.ecscanary.port.ProgressListener;
import dev.ecscanary.state.DeploymentRecord;
import dev.ecscanary.state.HistoryEntry;
import dev.ecscanary.state.Phase;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Remembers what the engine told the host. */
public final class RecordingListener implements ProgressListener {

    public final List<HistoryEntry> history = new CopyOnWriteArrayList<>();
    public final List<String> alerts = new CopyOnWriteArrayList<>();

    @Override
    public void onHistory(DeploymentRecord record, HistoryEntry entry) {
        history.add(entry);
    }

    @Override
    public void onAlert(DeploymentRecord record, String message) {
        alerts.add(message);
    }

    public long count(Phase phase, String eventPrefix) {
        return history.stream().filter(e -> e.phase() == phase && e.text().startsWith(eventPrefix)).count();
    }
}
