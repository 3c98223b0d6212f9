package dev.ecscanary.cli;

import dev.ecscanary.aws.AwsClients;
import dev.ecscanary.aws.AwsPorts;
import dev.ecscanary.cli.render.Json;
import dev.ecscanary.cli.render.StatusText;
import dev.ecscanary.state.DeploymentRecord;
import dev.ecscanary.view.DeploymentView;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/** {@code ecs-canary status}: a deployment as the state table holds it. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"Show a deployment from the state table: phase, step, weights, lease holder and expiry, "
                + "fail-back reason, the gates of the current bake, and the history with its evidence."})
final class StatusCommand implements Callable<Integer> {

    @ParentCommand
    private EcsCanaryCommand root;

    @Mixin
    private DeploymentArgument deployment;

    @Mixin
    private TableOption table;

    @Mixin
    private AwsOptions aws;

    @Mixin
    private OutputOption output;

    @Override
    public Integer call() {
        CliEnvironment environment = root.environment();
        String id = deployment.id();
        String tableName = table.resolve(environment);
        try (AwsClients clients = new AwsClients(aws.settings(environment, null))) {
            DeploymentRecord record = deployment.require(AwsPorts.stateStore(clients, tableName).load(id), tableName);
            Instant now = environment.clock().instant();
            DeploymentView view = DeploymentView.of(record, now);
            environment.out().print(output.isJson() ? Json.deployment(record, view) + System.lineSeparator()
                    : StatusText.render(view, now));
            environment.out().flush();
            return ExitCode.SUCCESS;
        }
    }
}
