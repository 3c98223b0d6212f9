package dev.ecscanary.cli;

import dev.ecscanary.aws.AwsClients;
import dev.ecscanary.aws.AwsPreflight;
import dev.ecscanary.cli.render.Json;
import dev.ecscanary.cli.render.PreflightText;
import dev.ecscanary.preflight.PreflightReport;
import dev.ecscanary.spec.CanarySpec;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/** {@code ecs-canary preflight}: is the live setup ready for this spec? Reads, changes nothing. */
@Command(name = "preflight", mixinStandardHelpOptions = true,
        description = {"Check the live setup a spec names before deploying, and report every problem at once with "
                + "what was expected and what was found: the weighted records (green at 0), where their aliases "
                + "point, target health evaluation and health checks, each side's load balancer, target group, "
                + "listener and ECS service, the alarms the gates name, blue's metrics and the state table. "
                + "Changes nothing.",
            "Exit code: 0 ready (warnings allowed), 2 problems found, 1 some check could not be made."})
final class PreflightCommand implements Callable<Integer> {

    @ParentCommand
    private EcsCanaryCommand root;

    @Mixin
    private SpecFileOption spec;

    @Mixin
    private AwsOptions aws;

    @Mixin
    private OutputOption output;

    @Override
    public Integer call() {
        CliEnvironment environment = root.environment();
        CanarySpec canary = spec.read();
        PreflightReport report;
        try (AwsClients clients = new AwsClients(aws.settings(environment, canary.region()))) {
            report = new AwsPreflight(clients, () -> environment.clock().instant()).check(canary);
        }
        environment.out().print(output.isJson() ? Json.write(PreflightText.asData(report)) + System.lineSeparator()
                : PreflightText.render(report));
        environment.out().flush();
        return report.hasProblems() ? ExitCode.INVALID_INPUT : report.complete() ? ExitCode.SUCCESS : ExitCode.FAILURE;
    }
}
