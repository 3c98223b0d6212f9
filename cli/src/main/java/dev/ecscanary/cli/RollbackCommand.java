package dev.ecscanary.cli;

import dev.ecscanary.aws.AwsClients;
import dev.ecscanary.cli.progress.ProgressView;
import dev.ecscanary.cli.run.CanaryRunner;
import dev.ecscanary.engine.TickOutcome;
import dev.ecscanary.port.Approvals;
import dev.ecscanary.state.DeploymentRecord;
import dev.ecscanary.state.Phase;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code ecs-canary rollback}: fail back now, whatever phase the deployment is in. */
@Command(name = "rollback", mixinStandardHelpOptions = true,
        description = {"Fail a running deployment back to blue now, whatever its phase: records the request in your "
                + "name, then drives the fail-back (or, if a live driver holds the deployment, waits for it to fail "
                + "back) until blue serves 100%%. A promoted deployment cannot be rolled back: deploy the previous "
                + "version as a new canary.",
            "Exit code: 3 rolled back, 2 invalid input (or already promoted), 1 any other error."})
final class RollbackCommand implements Callable<Integer> {

    static final String DEFAULT_REASON = "rollback requested on the command line";

    @ParentCommand
    private EcsCanaryCommand root;

    @Mixin
    private DeploymentArgument deployment;

    @Mixin
    private TableOption table;

    @Mixin
    private AwsOptions aws;

    @Option(names = "--reason", paramLabel = "TEXT", defaultValue = DEFAULT_REASON,
            description = "Why, for the history (default: \"" + DEFAULT_REASON + "\").")
    private String reason;

    @Mixin
    private DriveOptions drive;

    @Mixin
    private OutputOption output;

    @Override
    public Integer call() {
        CliEnvironment environment = root.environment();
        String id = deployment.id();
        String tableName = table.resolve(environment);
        if (reason.isBlank()) {
            throw new UsageException("--reason must not be blank");
        }
        drive.validate();
        try (AwsClients clients = new AwsClients(aws.settings(environment, null));
             ProgressView view = drive.view(environment, output);
             // Nothing is approved during a rollback: the abort comes before any step.
             CanaryRunner runner = drive.runner(environment, clients, tableName, Approvals.NONE, view)) {
            DeploymentRecord record = deployment.require(runner.find(id), tableName);
            refuseIfPromoted(record);
            RunEnding ending = drive.ending(environment, output, view);
            if (record.phase() == Phase.ROLLED_BACK) {
                view.note(id, "already rolled back");
                return ending.end(new TickOutcome.Finished(record));
            }
            runner.requestAbort(id, reason);
            TickOutcome outcome = runner.drive(id, ending);
            // It may have promoted between reading it and the abort reaching its driver.
            refuseIfPromoted(outcome.record());
            return ending.end(outcome);
        }
    }

    private static void refuseIfPromoted(DeploymentRecord record) {
        if (record.isPromoted()) {
            throw new UsageException("deployment '" + record.id() + "' was promoted: green serves 100% and blue runs "
                    + "the older version, so there is nothing to fail back to. To go back, deploy the previous version "
                    + "as a new canary (a new deployment id, with the previous version on the idle side).");
        }
    }
}
