package dev.ecscanary.cli;

import static dev.ecscanary.cli.CliHarness.cli;
import static dev.ecscanary.cli.MotoWorld.inPhase;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ecscanary.cli.CliHarness.Result;
import dev.ecscanary.spec.Weights;
import dev.ecscanary.state.DeploymentRecord;
import dev.ecscanary.state.FailBack;
import dev.ecscanary.state.HistoryEntry;
import dev.ecscanary.state.HistoryEvent.Orphaned;
import dev.ecscanary.state.Phase;
import dev.ecscanary.testkit.MotoExtension;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code deploy} in a child JVM (the real {@code Main}, on the test classpath) that dies or is
 * stopped mid-bake, against moto: {@code resume} takes over a dead driver's deployment once its
 * lease expires; the watchdog ({@code watch --once}) leaves a live driver alone and fails a dead one's
 * deployment back; SIGTERM (a cancelled CI job, like Ctrl-C) makes the driver fail back and exit 3.
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

    @Test
    void aKilledDriversDeploymentIsFailedBackOnceAndALiveOneIsLeftAlone() throws Exception {
        Path spec = world.spec(dir, "web-11", "5m", false);
        Path log = dir.resolve("child.log");
        Process driver = ChildDeploy.start(spec, world.endpoint(), "3s", log);
        Result whileAlive;
        try {
            world.awaitRecord("web-11", inPhase(Phase.BAKING), Duration.ofSeconds(90));
            whileAlive = watchOnce("--after", "30s");
        } finally {
            driver.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        DeploymentRecord abandoned = world.record("web-11").orElseThrow();
        await("the dead driver's lease to expire").atMost(Duration.ofSeconds(10))
                .until(() -> Instant.now().isAfter(abandoned.lease().expiresAt()));

        Result orphaned = watchOnce("--after", "0s");
        Result afterwards = watchOnce("--after", "0s");

        assertThat(whileAlive.exitCode()).as(whileAlive + ChildDeploy.output(log)).isEqualTo(ExitCode.SUCCESS);
        assertThat(whileAlive.out()).contains("no orphaned deployment");
        assertThat(orphaned.exitCode()).as(orphaned + ChildDeploy.output(log)).isEqualTo(ExitCode.ROLLED_BACK);
        assertThat(orphaned.out()).contains("orphaned: the lease of cli:testhost:" + driver.pid())
                .contains("web-11 ROLLED_BACK: blue serves 100%");
        assertThat(afterwards.exitCode()).isEqualTo(ExitCode.SUCCESS);
        DeploymentRecord record = world.record("web-11").orElseThrow();
        assertThat(record.phase()).isEqualTo(Phase.ROLLED_BACK);
        assertThat(record.failBack().trigger()).isEqualTo(FailBack.Trigger.ABORTED);
        assertThat(record.history()).filteredOn(e -> e.event() instanceof Orphaned).singleElement()
                .extracting(HistoryEntry::by).isEqualTo("watchdog:testhost:" + ProcessHandle.current().pid());
        assertThat(world.weights()).isEqualTo(new Weights(100, 0));
    }

    @Test
    void aRunningWatchdogFailsAnOrphanBackAtItsNextLookAndStopsCleanly() throws Exception {
        Path spec = world.spec(dir, "web-12", "5m", false);
        Path log = dir.resolve("child.log");
        Process driver = ChildDeploy.start(spec, world.endpoint(), "3s", log);
        try {
            world.awaitRecord("web-12", inPhase(Phase.BAKING), Duration.ofSeconds(90));
        } finally {
            driver.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        StringWriter out = new StringWriter();
        CliEnvironment environment = cli().forMoto().environment(out, new StringWriter());
        int[] exit = {-1};
        Thread watchdog = new Thread(() -> exit[0] = Cli.run(environment, "watch", "--interval", "5s", "--after",
                "0s", "--table", MotoWorld.TABLE, "--region", "us-east-1", "--endpoint-url", world.endpoint()),
                "watchdog-under-test");
        watchdog.start();
        try {
            DeploymentRecord record = world.awaitRecord("web-12", inPhase(Phase.ROLLED_BACK), Duration.ofSeconds(60));
            assertThat(record.history()).filteredOn(e -> e.event() instanceof Orphaned).hasSize(1);
            await("the outcome to be printed").atMost(Duration.ofSeconds(10))
                    .until(() -> out.toString().contains("web-12 ROLLED_BACK"));
        } finally {
            watchdog.interrupt();
            watchdog.join(TimeUnit.SECONDS.toMillis(10));
        }

        assertThat(watchdog.isAlive()).isFalse();
        assertThat(exit[0]).as(out.toString()).isEqualTo(ExitCode.SUCCESS);
        assertThat(out.toString()).contains("every 5s").contains("orphaned: the lease of cli:testhost:" + driver.pid());
        assertThat(world.weights()).isEqualTo(new Weights(100, 0));
    }

    @Test
    void nothingToWatchExits0AndBadFlagsExit2() {
        Result idle = watchOnce();
        Result tooOften = watchOnce("--interval", "1s");
        Result unknownAction = watchOnce("--action", "panic");

        assertThat(idle.exitCode()).as(idle.toString()).isEqualTo(ExitCode.SUCCESS);
        assertThat(idle.out()).contains("watches table " + MotoWorld.TABLE + " once").contains("no orphaned deployment");
        assertThat(tooOften.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(tooOften.err()).contains("--interval must be at least 5s, was 1s");
        assertThat(unknownAction.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(unknownAction.err()).contains("unknown orphan action 'panic' (known: failBack, resume, alert)");
    }

    private Result watchOnce(String... more) {
        String[] base = {"watch", "--once", "--table", MotoWorld.TABLE, "--region", "us-east-1", "--endpoint-url",
            world.endpoint()};
        String[] args = new String[base.length + more.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(more, 0, args, base.length, more.length);
        return cli().forMoto().run(args);
    }

    private Process deployInChildJvm(Path spec, String lease) throws IOException {
        return ChildDeploy.start(spec, world.endpoint(), lease, dir.resolve("child.log"));
    }

    private String childOutput() {
        return ChildDeploy.output(dir.resolve("child.log"));
    }
}
