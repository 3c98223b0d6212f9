package dev.ecscanary.cli;

import static dev.ecscanary.cli.CliHarness.cli;
import static dev.ecscanary.cli.MotoWorld.inPhase;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ecscanary.cli.CliHarness.Result;
import dev.ecscanary.spec.Weights;
import dev.ecscanary.state.DeploymentRecord;
import dev.ecscanary.state.Drain;
import dev.ecscanary.state.FailBack;
import dev.ecscanary.state.HistoryEntry;
import dev.ecscanary.state.HistoryEvent;
import dev.ecscanary.state.Phase;
import dev.ecscanary.testkit.MotoExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code rollback} against moto, while another process (here: another driver id) drives the deployment. */
class RollbackCommandTest {

    @RegisterExtension
    static final MotoExtension moto = MotoExtension.builder().env("MOTO_ECS_SERVICE_RUNNING", "2").build();

    @TempDir
    Path dir;

    MotoWorld world;

    @BeforeEach
    void world() {
        world = MotoWorld.create(moto);
    }

    @Test
    void rollingBackARunningDeploymentFailsItBackAndExits3() throws Exception {
        Path spec = world.spec(dir, "web-7", "2m", false);
        CompletableFuture<Result> deploy = CompletableFuture.supplyAsync(() -> cli().forMoto().asProcess(7001)
                .run("deploy", "-f", spec.toString(), "--endpoint-url", world.endpoint(), "--approve", "auto",
                        "--lease-duration", "4s"));
        world.awaitRecord("web-7", inPhase(Phase.BAKING), Duration.ofSeconds(60));

        Result rollback = cli().forMoto().asProcess(7002).run("rollback", "web-7", "--table", MotoWorld.TABLE,
                "--region", "us-east-1", "--endpoint-url", world.endpoint(), "--reason", "bad smell in the logs");

        assertThat(rollback.exitCode()).as(rollback.toString()).isEqualTo(ExitCode.ROLLED_BACK);
        assertThat(rollback.out()).contains("web-7 ROLLED_BACK: blue serves 100%")
                .contains("why: aborted by tester@testhost: bad smell in the logs [ABORTED]");
        Result deployed = deploy.get(60, TimeUnit.SECONDS);
        assertThat(deployed.exitCode()).as(deployed.toString()).isEqualTo(ExitCode.ROLLED_BACK);
        DeploymentRecord record = world.record("web-7").orElseThrow();
        assertThat(record.failBack().trigger()).isEqualTo(FailBack.Trigger.ABORTED);
        assertThat(record.abort().by()).isEqualTo("tester@testhost");
        assertThat(world.weights()).isEqualTo(new Weights(100, 0));
    }

    @Test
    void aPromotedDeploymentIsNotRolledBackAndExits2SayingWhatToDo() {
        Path spec = world.spec(dir, "web-8", "1s", false);
        assertThat(cli().forMoto().run("deploy", "-f", spec.toString(), "--endpoint-url", world.endpoint(),
                "--approve", "auto").exitCode()).isEqualTo(ExitCode.SUCCESS);

        Result rollback = cli().forMoto().run("rollback", "web-8", "--table", MotoWorld.TABLE, "--region", "us-east-1",
                "--endpoint-url", world.endpoint());

        assertThat(rollback.exitCode()).as(rollback.toString()).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(rollback.err()).contains("deployment 'web-8' was promoted")
                .contains("deploy the previous version as a new canary");
        assertThat(world.weights()).isEqualTo(new Weights(0, 100));
    }

    @Test
    void aPromotedDeploymentCheckingItsDrainIsNotRolledBackEither() {
        Path spec = world.spec(dir, "web-8", "1s", false);
        cli().forMoto().run("deploy", "-f", spec.toString(), "--endpoint-url", world.endpoint(), "--approve", "auto");
        DeploymentRecord promoted = world.record("web-8").orElseThrow();
        Instant now = Instant.now();
        DeploymentRecord created = DeploymentRecord.created(promoted.spec().withDeploymentId("web-9"), "digest",
                Weights.ALL_GREEN, now, new HistoryEntry(now, Phase.PENDING, -1, Weights.ALL_GREEN, "ci",
                        new HistoryEvent.Created()));
        DeploymentRecord draining = created.toBuilder().phase(Phase.DRAINING, now, null).step(1)
                .weights(Weights.ALL_GREEN).drain(new Drain("blue", Phase.PROMOTED, now, Duration.ofHours(1),
                        Duration.ofSeconds(1), 1, null))
                .record(new HistoryEntry(now, Phase.DRAINING, 1, Weights.ALL_GREEN, "ci", new HistoryEvent.Promoted()))
                .build(now);
        world.record(created, draining);

        Result rollback = cli().forMoto().run("rollback", "web-9", "--table", MotoWorld.TABLE, "--region", "us-east-1",
                "--endpoint-url", world.endpoint());

        assertThat(rollback.exitCode()).as(rollback.toString()).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(rollback.err()).contains("deployment 'web-9' was promoted");
        assertThat(world.record("web-9").orElseThrow().abort()).as("its drain check goes on").isNull();
    }
}
