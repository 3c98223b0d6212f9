package dev.ecscanary.cli;

import static dev.ecscanary.cli.CliHarness.cli;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ecscanary.cli.CliHarness.Result;
import dev.ecscanary.spec.Weights;
import dev.ecscanary.state.DeploymentRecord;
import dev.ecscanary.state.FailBack;
import dev.ecscanary.state.HistoryEntry;
import dev.ecscanary.state.Phase;
import dev.ecscanary.testkit.MotoExtension;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.cloudwatch.model.StateValue;

/**
 * {@code deploy} and {@code status} against moto, through the real AWS adapters: the spec's stacks
 * re-apply the setup and create green's service, Route53's weighted records move, gates read the
 * green target group's health and a CloudWatch alarm (through the test-only protocol bridge).
 */
class DeployCommandTest {

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
    void aHealthyGreenIsPromotedStepByStepAndExits0() {
        Path spec = world.spec(dir, "web-1", "2s", true);
        Path report = dir.resolve("reports/web-1.html");

        Result result = cli().forMoto().run("deploy", "-f", spec.toString(), "--endpoint-url", world.endpoint(),
                "--approve", "auto", "--report", report.toString());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCode.SUCCESS);
        assertThat(world.weights()).isEqualTo(new Weights(0, 100));
        DeploymentRecord record = world.record("web-1").orElseThrow();
        assertThat(record.phase()).isEqualTo(Phase.PROMOTED);
        assertThat(record.weights()).isEqualTo(Weights.ALL_GREEN);
        assertThat(record.history()).extracting(HistoryEntry::text)
                .anySatisfy(event -> assertThat(event).startsWith("stack shop-green ready"))
                .anySatisfy(event -> assertThat(event).startsWith("weights set to blue 50 / green 50"))
                .anySatisfy(event -> assertThat(event).startsWith("promoted"));
        assertThat(result.out())
                .containsPattern("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ web-1 SHIFTING step 1/2: weights set to "
                        + "blue 50 / green 50 \\(50% green\\) \\(change ")
                .contains("web-1 BAKING step 1/2: gate targetHealth: PASS - all 2 targets healthy")
                .contains("web-1 BAKING step 1/2: gate alarms: PASS - alarm shop-green-5xx is OK")
                .containsPattern("web-1 SHIFTING step 2/2: shifting to step 2/2 \\(100% green\\)\\R"
                        + "    - targetHealth: PASS - all 2 targets healthy \\(at least 2 required\\)\\R"
                        + "    - alarms: PASS - alarm shop-green-5xx is OK")
                .contains("web-1 PROMOTED: green serves 100% (blue 0 / green 100 (100% green))")
                .contains("report: " + report.toAbsolutePath());
        assertThat(report).exists();
    }

    @Test
    void aUserRunsTheirSpecAgainstMotoWithTheExplicitCloudWatchBridge() {
        Path spec = world.spec(dir, "web-6", "2s", true);

        Result result = cli().withMotoCredentials().run("deploy", "-f", spec.toString(), "--endpoint-url",
                world.endpoint(), "--emulator-cloudwatch-bridge", "--approve", "auto");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCode.SUCCESS);
        assertThat(result.out()).contains("web-6 BAKING step 1/2: gate alarms: PASS - alarm shop-green-5xx is OK");
    }

    @Test
    void aGateThatFailsRollsBackToBlueAndExits3() {
        world.alarm(StateValue.ALARM);
        Path spec = world.spec(dir, "web-2", "5s", true);

        Result result = cli().forMoto().run("deploy", "-f", spec.toString(), "--endpoint-url", world.endpoint(),
                "--approve", "auto");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCode.ROLLED_BACK);
        assertThat(world.weights()).isEqualTo(new Weights(100, 0));
        DeploymentRecord record = world.record("web-2").orElseThrow();
        assertThat(record.phase()).isEqualTo(Phase.ROLLED_BACK);
        assertThat(record.failBack().trigger()).isEqualTo(FailBack.Trigger.GATE_FAILED);
        assertThat(result.out()).contains("web-2 FAILING_BACK step 1/2: failing back: gate alarms failed at step 1")
                .contains("web-2 ROLLED_BACK: blue serves 100% (blue 100 / green 0 (0% green))")
                .contains("why: gate alarms failed at step 1 [GATE_FAILED]");
    }

    /** The records are named by outputs of a stack that exists: the check of the live setup finds green's traffic. */
    @Test
    void aDeploymentWhoseGreenAlreadyHasTrafficRefusesBeforeTouchingAnythingAndExits2() {
        world.setWeights(Weights.ALL_GREEN);
        Path spec = world.spec(dir, "web-5", "2s", true);

        Result result = cli().forMoto().run("deploy", "-f", spec.toString(), "--endpoint-url", world.endpoint(),
                "--approve", "auto");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(world.weights()).isEqualTo(Weights.ALL_GREEN);
        assertThat(world.record("web-5")).as("nothing recorded").isEmpty();
        assertThat(result.err()).contains("the live setup is not ready (1 problem: not ready to deploy; "
                + "'ecs-canary preflight' lists every check): records (shop.example.test): expected weighted pair, "
                + "green at weight 0 (a canary starts from blue 100 / green 0); found blue weight 0, green weight 100");
    }

    @Test
    void withJsonOutputTheRecordGoesToStandardOutputAndProgressToStandardError() {
        Path spec = world.spec(dir, "web-3", "1s", false);

        Result result = cli().forMoto().run("deploy", "-f", spec.toString(), "--endpoint-url", world.endpoint(),
                "--approve", "auto", "--output", "json");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCode.SUCCESS);
        PrintedDeployment printed = PrintedDeployment.parse(result.out());
        assertThat(printed.record().phase()).isEqualTo(Phase.PROMOTED);
        assertThat(printed.record()).isEqualTo(world.record("web-3").orElseThrow());
        assertThat(printed.view().path("outcome").asText()).isEqualTo("PROMOTED");
        assertThat(printed.view().path("headline").asText()).isEqualTo("promoted: green serves 100%");
        assertThat(printed.view().path("steps")).extracting(step -> step.path("outcome").asText())
                .containsExactly("PASSED", "PASSED");
        assertThat(result.err()).contains("web-3 SHIFTING step 2/2: weights set to blue 0 / green 100")
                .contains("web-3 PROMOTED");
    }

    @Test
    void aPromptedNoFailsBackBeforeTheStep() {
        Path spec = SpecFiles.write(dir, "web-4.yaml", read(world.spec(dir, "web-4", "1s", false))
                .replace("  - percent: 100\n", "  - percent: 100\n    approval: true\n"));

        Result result = cli().forMoto().stdin("n\n").run("deploy", "-f", spec.toString(), "--endpoint-url",
                world.endpoint());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCode.ROLLED_BACK);
        assertThat(result.out()).contains("web-4 step 2/2: shift to 100% green (blue 0 / green 100)? [y/N]")
                .contains("failing back: step 2 rejected by tester@testhost");
        assertThat(world.weights()).isEqualTo(new Weights(100, 0));
    }

    @Test
    void statusShowsPhaseWeightsLeaseAndHistoryAsTextOrJson() {
        Path spec = world.spec(dir, "web-5", "1s", false);
        cli().forMoto().run("deploy", "-f", spec.toString(), "--endpoint-url", world.endpoint(), "--approve", "auto");

        Result text = cli().forMoto().run("status", "web-5", "--table", MotoWorld.TABLE, "--region", "us-east-1",
                "--endpoint-url", world.endpoint());
        Result json = cli().forMoto().variable("ECS_CANARY_TABLE", MotoWorld.TABLE).run("status", "web-5",
                "--region", "us-east-1", "--endpoint-url", world.endpoint(), "--output", "json");

        assertThat(text.exitCode()).as(text.toString()).isEqualTo(ExitCode.SUCCESS);
        assertThat(text.out()).contains("Deployment web-5: PROMOTED (promoted)")
                .contains("step         2/2 (100% green)")
                .contains("weights      blue 0 / green 100 (100% green)")
                .contains("lease        none (finished)")
                .contains("Gates of the last bake:")
                .containsPattern("targetHealth +PASS")
                .contains("History:")
                .containsPattern("PENDING +- +created by cli:testhost:\\d+")
                .containsPattern("PROMOTED +2/2 +promoted: green serves 100%");
        assertThat(json.exitCode()).as(json.toString()).isEqualTo(ExitCode.SUCCESS);
        PrintedDeployment printed = PrintedDeployment.parse(json.out());
        assertThat(printed.record()).isEqualTo(world.record("web-5").orElseThrow());
        assertThat(printed.view().path("stepNumber").asInt()).isEqualTo(2);
        assertThat(printed.view().path("gates").get(0).path("name").asText()).isEqualTo("targetHealth");
    }

    @Test
    void statusOfAnUnknownDeploymentExits2NamingIt() {
        Result result = cli().forMoto().run("status", "web-404", "--table", MotoWorld.TABLE, "--region", "us-east-1",
                "--endpoint-url", world.endpoint());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(result.err()).contains("DEPLOYMENT: no deployment 'web-404' in table 'shop-ecs-canary-state'");
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
