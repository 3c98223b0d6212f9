package dev.ecscanary.jenkins;

import dev.ecscanary.report.HtmlReport;
import dev.ecscanary.state.DeploymentRecord;
import dev.ecscanary.view.DeploymentView;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import java.io.IOException;
import java.time.InstantSource;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * What a build's Canary page shows of one deployment, free of Jenkins types. A page view never waits
 * for AWS: it shows what the driving step reported (saved with the build when new) or what a background
 * read of the state table found, as of when, and why the last read failed if it did. Before anything
 * is known in this JVM, the record saved with the build is shown.
 */
final class CanaryPage {

    private static final Logger LOGGER = Logger.getLogger(CanaryPage.class.getName());

    /** A read of the deployment's record from its state table (bounded by the caller's timeout). */
    @FunctionalInterface
    interface Table {
        Optional<DeploymentRecord> load() throws Exception;
    }

    private final CanaryTarget target;
    @CheckForNull
    private final BuildFiles files;
    private final Executor pool;
    private final Table table;
    private final InstantSource clock;
    private final PageRecord page = new PageRecord();

    /**
     * @param files what the build keeps (null while the page belongs to no build yet)
     * @param pool  where the table is read, never on the request thread
     */
    CanaryPage(CanaryTarget target, @CheckForNull BuildFiles files, Executor pool, Table table, InstantSource clock) {
        this.target = Objects.requireNonNull(target, "target");
        this.files = files;
        this.pool = Objects.requireNonNull(pool, "pool");
        this.table = Objects.requireNonNull(table, "table");
        this.clock = Objects.requireNonNull(clock, "clock");
        BuildFiles.Saved saved = readSaved();
        if (saved != null) {
            page.offer(saved.record(), saved.at());
        }
    }

    /** What is shown now; starts a background read of the table when one is due. */
    PageRecord.Shown shown() {
        if (page.startRead(clock.instant())) {
            try {
                pool.execute(this::readTable);
            } catch (RejectedExecutionException e) {
                page.readFailed("Jenkins is shutting down", clock.instant());
            }
        }
        return page.shown();
    }

    /** The build page's summary of the record shown, or null while nothing is known of it. */
    @CheckForNull
    RunSummary summary() {
        DeploymentRecord record = shown().record();
        return record == null ? null : new RunSummary(DeploymentView.of(record, clock.instant()));
    }

    /** The full report of the record shown (its own markup, every value escaped), or null. */
    @CheckForNull
    String reportFragment() {
        DeploymentRecord record = shown().record();
        return record == null ? null : HtmlReport.renderFragment(DeploymentView.of(record, clock.instant()));
    }

    /** A live step's newest record: shown at once, and kept with the build when it is a new version. */
    void update(DeploymentRecord record) {
        if (page.offer(record, clock.instant())) {
            save(record);
        }
    }

    private void readTable() {
        String id = target.deploymentId();
        try {
            DeploymentRecord record = table.load().orElse(null);
            if (page.read(record, "no deployment " + id + " in the state table " + target.stateTable(), clock.instant())) {
                save(record);
            }
        } catch (Exception e) {
            LOGGER.log(Level.FINE, "cannot read " + id + " from " + target.stateTable(), e);
            page.readFailed("the state table " + target.stateTable() + " cannot be read just now: " + e.getMessage(),
                    clock.instant());
        }
    }

    @CheckForNull
    private BuildFiles.Saved readSaved() {
        try {
            return files == null ? null : files.record(target.deploymentId()).orElse(null);
        } catch (IOException | RuntimeException e) {
            LOGGER.log(Level.WARNING, "could not read the record of " + target.deploymentId() + " saved with the build", e);
            return null;
        }
    }

    /** Saves the record with the build, for when the table is gone or unreachable. */
    private void save(DeploymentRecord record) {
        if (files == null) {
            return;
        }
        try {
            files.saveRecord(record);
        } catch (IOException | RuntimeException e) {
            LOGGER.log(Level.WARNING, "could not save the record of " + record.id() + " with the build", e);
        }
    }
}
