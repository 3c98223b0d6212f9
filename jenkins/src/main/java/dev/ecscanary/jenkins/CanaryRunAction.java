package dev.ecscanary.jenkins;

import dev.ecscanary.aws.AwsPorts;
import dev.ecscanary.report.HtmlReport;
import dev.ecscanary.state.DeploymentRecord;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.model.Run;
import java.io.File;
import java.io.IOException;
import java.time.InstantSource;
import java.util.logging.Level;
import java.util.logging.Logger;
import jenkins.model.RunAction2;
import org.kohsuke.stapler.HttpResponse;
import org.kohsuke.stapler.StaplerRequest2;
import org.kohsuke.stapler.StaplerResponse2;
import org.kohsuke.stapler.WebMethod;

/**
 * The Canary page of a build, one per deployment the build touched: a summary on the build's page
 * (steps, intended and observed weights, gate evidence, approvers, outcome) and the full report with
 * its timeline chart at {@code <build>/canary/}. A page view never waits for AWS: it shows what the
 * driving step reported (kept with the build as it changes) or what a background read of the state
 * table found, as of when, and why the last read failed if it did. Only facts are stored with the
 * build: never credentials or clients.
 */
public final class CanaryRunAction implements RunAction2 {

    private static final Logger LOGGER = Logger.getLogger(CanaryRunAction.class.getName());
    static final String URL_NAME = "canary";
    /** Serialises adding pages (two steps of a build may start at once, e.g. in parallel branches). */
    private static final Object ATTACH = new Object();

    private final String deploymentId;
    private final String stateTable;
    private final String region;
    private final String endpointUrl;
    private final String credentialsId;
    private final int index;

    private transient Run<?, ?> run;
    private transient volatile CanaryPage page;

    CanaryRunAction(CanaryTarget target, int index) {
        this.deploymentId = target.deploymentId();
        this.stateTable = target.stateTable();
        this.region = target.region();
        this.endpointUrl = target.endpointUrl();
        this.credentialsId = target.credentialsId();
        this.index = index;
    }

    /** The action for {@code deploymentId} on the run, added if the run has none yet. */
    static CanaryRunAction attach(@NonNull Run<?, ?> run, @NonNull CanaryTarget target) {
        synchronized (ATTACH) {
            CanaryRunAction existing = find(run, target.deploymentId());
            if (existing != null) {
                return existing;
            }
            CanaryRunAction action = new CanaryRunAction(target, run.getActions(CanaryRunAction.class).size());
            run.addAction(action);
            try {
                run.save();
            } catch (IOException e) {
                LOGGER.log(Level.WARNING, "could not save " + run + " with its Canary page", e);
            }
            return action;
        }
    }

    @CheckForNull
    static CanaryRunAction find(@NonNull Run<?, ?> run, @NonNull String deploymentId) {
        for (CanaryRunAction action : run.getActions(CanaryRunAction.class)) {
            if (action.deploymentId.equals(deploymentId)) {
                return action;
            }
        }
        return null;
    }

    /** The facts this build knows of the deployment (for the finer steps' defaults). */
    CanaryTarget target() {
        return new CanaryTarget(deploymentId, stateTable, region, endpointUrl, credentialsId);
    }

    @Override
    public void onAttached(Run<?, ?> r) {
        this.run = r;
    }

    @Override
    public void onLoad(Run<?, ?> r) {
        this.run = r;
    }

    public Run<?, ?> getRun() {
        return run;
    }

    public String getDeploymentId() {
        return deploymentId;
    }

    public String getStateTable() {
        return stateTable;
    }

    @Override
    public String getIconFileName() {
        return "symbol-swap";
    }

    @Override
    public String getDisplayName() {
        return "Canary " + deploymentId;
    }

    @Override
    public String getUrlName() {
        return index == 0 ? URL_NAME : URL_NAME + "-" + (index + 1);
    }

    /** This page's URL relative to the context root, with a trailing slash: {@code job/p/1/canary/}. */
    public String getUrl() {
        return run == null ? getUrlName() + "/" : run.getUrl() + getUrlName() + "/";
    }

    /** The record to show, or null while nothing is known of it. */
    @CheckForNull
    public DeploymentRecord getRecord() {
        return shown().record();
    }

    /** Why the state table could not be read just now, or null. */
    @CheckForNull
    public String getError() {
        return shown().error();
    }

    /** When the record shown was last known to be current, in words ("as of 2026-12-01T12:03:04Z"), or null. */
    @CheckForNull
    public String getAsOf() {
        return shown().asOfText();
    }

    @CheckForNull
    public RunSummary getSummary() {
        return page().summary();
    }

    /** The report (its own markup, every value escaped by {@link HtmlReport}), or null. */
    @CheckForNull
    public String getReportFragment() {
        return page().reportFragment();
    }

    /** {@code <build>/canary/style.css}: the report's stylesheet, from Jenkins' own origin (no inline CSS). */
    @WebMethod(name = "style.css")
    public HttpResponse doStylesheet() {
        return new HttpResponse() {
            @Override
            public void generateResponse(StaplerRequest2 req, StaplerResponse2 rsp, Object node) throws IOException {
                rsp.setContentType("text/css;charset=UTF-8");
                rsp.setHeader("Cache-Control", "max-age=3600");
                rsp.getWriter().write(HtmlReport.stylesheet());
            }
        };
    }

    /** A live step's newest record: shown at once, and kept with the build when it is a new version. */
    void update(@NonNull DeploymentRecord record) {
        page().update(record);
    }

    private PageRecord.Shown shown() {
        return page().shown();
    }

    private CanaryPage page() {
        CanaryPage current = page;
        if (current == null) {
            synchronized (this) {
                current = page;
                if (current == null) {
                    CanaryDrivers drivers = CanaryDrivers.get();
                    Run<?, ?> build = run;
                    CanaryTarget target = target();
                    // On the pool, with a timeout: never on the request thread.
                    current = new CanaryPage(target, build == null ? null : files(build), drivers.pool(),
                            () -> AwsPorts.stateStore(drivers.pageClients(target, build), stateTable).load(deploymentId),
                            InstantSource.system());
                    page = current;
                }
            }
        }
        return current;
    }

    /** What the build keeps of its deployments in its own directory. */
    static BuildFiles files(Run<?, ?> run) {
        return new BuildFiles(new File(run.getRootDir(), "ecs-canary").toPath());
    }
}
