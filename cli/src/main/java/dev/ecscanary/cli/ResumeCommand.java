package dev.ecscanary.cli;

import dev.ecscanary.aws.AwsClients;
import dev.ecscanary.cli.progress.ProgressView;
import dev.ecscanary.cli.run.CanaryRunner;
import dev.ecscanary.state.DeploymentRecord;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/** {@code ecs-canary resume}: finishes a deployment whose driver died. */
@Command(name = "resume", mixinStandardHelpOptions = true,
        description = {"Drive a deployment whose driver died to its end: while another driver's lease is valid, "
                + "say who holds it until when and wait; once it expires, take over and finish.",
            "Exit code: 0 promoted, 3 rolled back, 2 invalid input, 1 any other error."})
final class ResumeCommand implements Callable<Integer> {

    @ParentCommand
    private EcsCanaryCommand root;

    @Mixin
    private DeploymentArgument deployment;

    @Mixin
    private TableOption table;

    @Mixin
    private AwsOptions aws;

    @Mixin
    private ApproveOption approve;

    @Mixin
    private DriveOptions drive;

    @Mixin
    private OutputOption output;

    @Override
    public Integer call() {
        CliEnvironment environment = root.environment();
        String id = deployment.id();
        String tableName = table.resolve(environment);
        drive.validate();
        try (AwsClients clients = new AwsClients(aws.settings(environment, null));
             ProgressView view = drive.view(environment, output);
             CanaryRunner runner = drive.runner(environment, clients, tableName, approve.approvals(environment, view),
                     view)) {
            DeploymentRecord record = deployment.require(runner.find(id), tableName);
            if (record.isFinished()) {
                view.note(id, "already " + record.phase() + ": nothing to resume");
            }
            RunEnding ending = drive.ending(environment, output, view);
            return ending.end(runner.drive(id, ending));
        }
    }
}
