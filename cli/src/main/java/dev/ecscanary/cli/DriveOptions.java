package dev.ecscanary.cli;

import dev.ecscanary.aws.AwsClients;
import dev.ecscanary.aws.AwsPorts;
import dev.ecscanary.cli.progress.ProgressView;
import dev.ecscanary.cli.run.CanaryRunner;
import dev.ecscanary.cli.run.RunnerSettings;
import dev.ecscanary.engine.EnginePorts;
import dev.ecscanary.port.Approvals;
import dev.ecscanary.port.ProgressListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * The options of every command that drives a deployment (deploy, resume, rollback), and how such a
 * command is put together: its progress view, its runner over the AWS ports, and how it ends.
 */
final class DriveOptions {

    static final Duration MIN_LEASE = Duration.ofSeconds(2);
    private static final int DEFAULT_WIDTH = 120;

    @Option(names = "--report", paramLabel = "FILE",
            description = "Write the HTML report of the deployment to FILE when it ends (one self-contained file).")
    Path report;

    @Option(names = "--lease-duration", paramLabel = "DURATION", defaultValue = "60s",
            converter = DurationConverter.class,
            description = "How long this process's claim on the deployment lasts without renewal (default 60s): "
                    + "if this process dies, 'resume' can take over after this.")
    Duration leaseDuration = Duration.ofSeconds(60);

    /** Checks what can be checked before anything runs. */
    void validate() {
        if (leaseDuration.compareTo(MIN_LEASE) < 0) {
            throw new UsageException("--lease-duration must be at least 2s, was " + leaseDuration.toMillis() + "ms");
        }
        if (report != null && Files.isDirectory(report)) {
            throw new UsageException("--report: " + report + " is a directory; give a file name such as report.html");
        }
    }

    /** Progress on standard output, or on standard error when the result is JSON. */
    ProgressView view(CliEnvironment environment, OutputOption output) {
        boolean json = output.isJson();
        return ProgressView.create(json ? environment.err() : environment.out(), environment.in(), environment.clock(),
                environment.identity().driverId(), environment.terminal() && !json, width(environment));
    }

    CanaryRunner runner(CliEnvironment environment, AwsClients clients, String table, Approvals approvals,
                        ProgressView view) {
        return runner(environment, clients, table, approvals, view, ProgressListener.NONE);
    }

    /** @param alsoTold another listener told everything the view is (the demo plays ECS from it) */
    CanaryRunner runner(CliEnvironment environment, AwsClients clients, String table, Approvals approvals,
                        ProgressView view, ProgressListener alsoTold) {
        EnginePorts ports = AwsPorts.of(clients, table, approvals, ProgressListener.all(view, alsoTold),
                environment.clock());
        Identity identity = environment.identity();
        return new CanaryRunner(ports, view, new RunnerSettings(identity.driverId(), identity.person(), leaseDuration,
                RunnerSettings.DEFAULT_ABORT_WAIT, environment.clock()));
    }

    RunEnding ending(CliEnvironment environment, OutputOption output, ProgressView view) {
        return new RunEnding(environment, output.isJson(), report, view);
    }

    private static int width(CliEnvironment environment) {
        String columns = environment.variable("COLUMNS");
        try {
            return columns == null ? DEFAULT_WIDTH : Integer.parseInt(columns.trim());
        } catch (NumberFormatException e) {
            return DEFAULT_WIDTH;
        }
    }
}
