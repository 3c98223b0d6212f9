package dev.ecscanary.cli;

import dev.ecscanary.aws.AwsClients;
import dev.ecscanary.aws.AwsSettings;
import dev.ecscanary.cli.progress.ProgressView;
import dev.ecscanary.cli.run.CanaryRunner;
import dev.ecscanary.spec.CanarySpec;
import dev.ecscanary.state.DeploymentRecord;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/** {@code ecs-canary deploy}: runs a canary deployment to its end. */
@Command(name = "deploy", mixinStandardHelpOptions = true,
        description = {"Run a canary deployment to its end: apply the spec's stacks, wait for green to run, then "
                + "shift traffic step by step with DNS-TTL waits, gates and approvals; fail back to blue on any "
                + "failure. Ctrl-C fails back too. Submitting the same spec again resumes the same deployment.",
            "Exit code: 0 promoted, 3 rolled back, 2 invalid input, 1 any other error (including a fail-back "
                    + "Route53 did not confirm)."})
final class DeployCommand implements Callable<Integer> {

    @ParentCommand
    private EcsCanaryCommand root;

    @Mixin
    private SpecFileOption spec;

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
        CanarySpec canary = spec.read();
        drive.validate();
        return deploy(environment, canary, aws.settings(environment, canary.region()), approve, drive, output);
    }

    /**
     * Runs one spec to its end and returns the exit code: what {@code deploy} does once its flags are
     * read, for any command that deploys (a demo runs it once per deployment, with its own settings).
     */
    static int deploy(CliEnvironment environment, CanarySpec canary, AwsSettings settings, ApproveOption approve,
                      DriveOptions drive, OutputOption output) {
        try (AwsClients clients = new AwsClients(settings);
             ProgressView view = drive.view(environment, output);
             CanaryRunner runner = drive.runner(environment, clients, canary.stateTable(),
                     approve.approvals(environment, view), view)) {
            DeploymentRecord record = runner.start(canary);
            RunEnding ending = drive.ending(environment, output, view);
            return ending.end(runner.drive(record.id(), ending));
        }
    }
}
