package dev.ecscanary.cli;

import dev.ecscanary.cli.progress.ProgressView;
import dev.ecscanary.cli.render.Json;
import dev.ecscanary.cli.render.OutcomeText;
import dev.ecscanary.cli.run.SessionEnding;
import dev.ecscanary.engine.TickOutcome;
import dev.ecscanary.report.HtmlReport;
import dev.ecscanary.view.DeploymentView;
import java.io.PrintWriter;
import java.nio.file.Path;

/**
 * The end of a command that drove a deployment: the HTML report if asked for, the result (a
 * sentence, or the record and its view as JSON on standard output), and the exit code. Runs once, whether the
 * command ends normally or its shutdown hook ends it.
 */
final class RunEnding implements SessionEnding {

    private final CliEnvironment environment;
    private final boolean json;
    private final Path report;
    private final ProgressView view;
    private Integer code;

    RunEnding(CliEnvironment environment, boolean json, Path report, ProgressView view) {
        this.environment = environment;
        this.json = json;
        this.report = report;
        this.view = view;
    }

    @Override
    public synchronized int end(TickOutcome outcome) {
        if (code != null) {
            return code;
        }
        view.close();
        PrintWriter people = json ? environment.err() : environment.out();
        if (outcome == null) {
            people.println("the deployment had not ended when this command stopped: see 'ecs-canary status', "
                    + "and 'ecs-canary resume' or 'ecs-canary rollback' to finish it");
            code = ExitCode.FAILURE;
        } else {
            DeploymentView ended = DeploymentView.of(outcome.record(), environment.clock().instant());
            writeReport(ended, people);
            people.println(OutcomeText.render(ended,
                    outcome instanceof TickOutcome.Stuck stuck ? stuck.reason() : null));
            if (json) {
                environment.out().println(Json.deployment(outcome.record(), ended));
            }
            code = ExitCode.of(outcome, ended);
        }
        environment.out().flush();
        environment.err().flush();
        return code;
    }

    /** A report that cannot be written is reported, but does not change what the deployment did. */
    private void writeReport(DeploymentView view, PrintWriter people) {
        if (report == null) {
            return;
        }
        try {
            HtmlReport.write(view, report);
            people.println("report: " + report.toAbsolutePath());
        } catch (RuntimeException e) {
            environment.err().println("ecs-canary: could not write the report: " + e.getMessage());
        }
    }
}
