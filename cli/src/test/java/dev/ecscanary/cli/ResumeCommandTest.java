package dev.ecscanary.cli;

import static dev.ecscanary.cli.CliHarness.cli;
import static dev.ecscanary.cli.MotoWorld.inPhase;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ecscanary.cli.CliHarness.Result;
import dev.ecscanary.spec.Weights;
import dev.ecscanary.state.DeploymentRecord;
import dev.ecscanary.state.FailBack;
import dev.ecscanary.state.HistoryEntry;
import dev.ecscanary.state.Phase;
import dev.ecscanary.testkit.MotoExtension;
import dev.ecscanary.localaws.MotoServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code deploy} in a child JVM (the real {@code Main}, on the test classpath) that dies or is
 * stopped mid-bake, against moto: {@code resume} takes over a dead driver's deployment once its
 * lease expires; SIGTERM (a cancelled CI job, like Ctrl-C) makes the driver fail back and exit 3.
 */
class ResumeCommandTest {

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
    void resumeTakesOverAKilledDriversDeploymentAndFinishesIt() throws Exception {
        Path spec = world.spec(dir, "web-9", "8s", false);
        Process driver = deployInChildJvm(spec, "3s");
        try {
            world.awaitRecord("web-9", inPhase(Phase.BAKING), Duration.ofSeconds(90));
        } finally {
            driver.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        String deadDriver = "cli:testhost:" + driver.pid();

        Result resumed = cli().forMoto().run("resume", "web-9", "--table", MotoWorld.TABLE, "--region", "us-east-1",
                "--endpoint-url", world.endpoint(), "--approve", "auto");

        assertThat(resumed.exitCode()).as(resumed.toString() + childOutput()).isEqualTo(ExitCode.SUCCESS);
        assertThat(resumed.out()).contains("web-9 PROMOTED");
        DeploymentRecord record = world.record("web-9").orElseThrow();
        assertThat(record.phase()).isEqualTo(Phase.PROMOTED);
        assertThat(record.history()).extracting(HistoryEntry::text).anySatisfy(event -> assertThat(event)
                .startsWith("cli:testhost:" + ProcessHandle.current().pid() + " took over from " + deadDriver));
        assertThat(world.weights()).isEqualTo(new Weights(0, 100));
    }

    @Test
    void sigtermWhileDeployingFailsBackAndExits3() throws Exception {
        Path spec = world.spec(dir, "web-10", "5m", false);
        Process driver = deployInChildJvm(spec, "60s");
        world.awaitRecord("web-10", inPhase(Phase.BAKING), Duration.ofSeconds(90));

        driver.destroy(); // SIGTERM: the shutdown hook runs, as on Ctrl-C

        assertThat(driver.waitFor(60, TimeUnit.SECONDS)).as("the driver exits" + childOutput()).isTrue();
        assertThat(driver.exitValue()).as(childOutput()).isEqualTo(ExitCode.ROLLED_BACK);
        DeploymentRecord record = world.record("web-10").orElseThrow();
        assertThat(record.phase()).isEqualTo(Phase.ROLLED_BACK);
        assertThat(record.failBack().trigger()).isEqualTo(FailBack.Trigger.ABORTED);
        assertThat(record.abort().reason()).startsWith("interrupted (Ctrl-C or SIGTERM)");
        assertThat(world.weights()).isEqualTo(new Weights(100, 0));
        assertThat(childOutput()).contains("interrupted: failing back").contains("web-10 ROLLED_BACK");
    }

    @Test
    void resumingAnUnknownDeploymentExits2NamingIt() {
        Result result = cli().forMoto().run("resume", "web-404", "--table", MotoWorld.TABLE, "--region", "us-east-1",
                "--endpoint-url", world.endpoint());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(result.err()).contains("no deployment 'web-404'");
    }

    /** {@code ecs-canary deploy} as its own process, with moto's dummy credentials in its environment. */
    private Process deployInChildJvm(Path spec, String lease) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = List.of(java, "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "deploy", "-f", spec.toString(), "--endpoint-url", world.endpoint(), "--approve", "auto",
                "--lease-duration", lease);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("child.log").toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(name -> name.startsWith("AWS_"));
        env.put("AWS_ACCESS_KEY_ID", MotoServer.DUMMY_KEY);
        env.put("AWS_SECRET_ACCESS_KEY", MotoServer.DUMMY_KEY);
        env.put("HOSTNAME", "testhost");
        env.put("USER", "tester");
        return builder.start();
    }

    private String childOutput() {
        try {
            return "\n--- child:\n" + Files.readString(dir.resolve("child.log"));
        } catch (IOException e) {
            return "\n--- child: no output";
        }
    }
}
