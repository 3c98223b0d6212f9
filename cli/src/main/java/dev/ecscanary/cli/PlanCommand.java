package dev.ecscanary.cli;

import dev.ecscanary.cli.render.Json;
import dev.ecscanary.cli.render.PlanText;
import dev.ecscanary.spec.SchedulePlan;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code ecs-canary plan}: what a spec will do, without any AWS call. */
@Command(name = "plan", mixinStandardHelpOptions = true,
        description = {"Validate a canary spec and print its schedule: each step's requested and effective green "
                + "share, the Route53 weights, approvals, the waits (propagation, DNS TTL, bake) and the least time "
                + "the canary can take. Makes no AWS call."})
final class PlanCommand implements Callable<Integer> {

    @ParentCommand
    private EcsCanaryCommand root;

    @Mixin
    private SpecFileOption spec;

    @Mixin
    private OutputOption output;

    @Option(names = "--requests-per-minute", paramLabel = "N",
            description = "Requests both sides together serve a minute: each step's expected bake is then how long "
                    + "green takes to serve compareToBlue's minRequests at its share, within the bake's bounds.")
    private Long requestsPerMinute;

    @Override
    public Integer call() {
        if (requestsPerMinute != null && requestsPerMinute < 1) {
            throw new UsageException("--requests-per-minute must be at least 1, was " + requestsPerMinute);
        }
        SchedulePlan plan = SchedulePlan.of(spec.read(), requestsPerMinute);
        CliEnvironment environment = root.environment();
        environment.out().print(output.isJson() ? Json.write(plan) + System.lineSeparator() : PlanText.render(plan));
        environment.out().flush();
        return ExitCode.SUCCESS;
    }
}
