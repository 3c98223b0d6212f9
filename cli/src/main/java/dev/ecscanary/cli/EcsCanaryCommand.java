package dev.ecscanary.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code ecs-canary}: the top of the command tree. Each command is one class listed below; a new
 * one (such as {@code demo}) is a class with {@code @ParentCommand EcsCanaryCommand root} for the
 * environment, added to this list.
 */
@Command(name = "ecs-canary",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
            "Canary blue/green deployments of Amazon ECS services: traffic moves from blue to green by "
                    + "changing the weights of two Route53 weighted records, step by step, with DNS-TTL waits, "
                    + "health gates and approvals, and fails back to blue on any failure."},
        subcommands = {
            PlanCommand.class,
            PreflightCommand.class,
            DeployCommand.class,
            StatusCommand.class,
            ResumeCommand.class,
            RollbackCommand.class,
            RelayCommand.class,
            WatchCommand.class,
            DemoCommand.class,
            HelpCommand.class},
        exitCodeListHeading = "%nExit codes (the same for every command):%n",
        exitCodeList = {
            "0:promoted, or the command succeeded",
            "1:any other error, including a fail-back Route53 did not confirm in time",
            "2:invalid input or usage (the message names the flag or spec field), a deployment that refused to start, "
                + "or problems preflight found",
            "3:rolled back: blue serves 100%%"})
final class EcsCanaryCommand implements Runnable {

    private final CliEnvironment environment;

    @Spec
    private CommandSpec spec;

    EcsCanaryCommand(CliEnvironment environment) {
        this.environment = environment;
    }

    CliEnvironment environment() {
        return environment;
    }

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "a command is required: plan, deploy, status, resume, "
                + "rollback or relay (see ecs-canary --help)");
    }
}
