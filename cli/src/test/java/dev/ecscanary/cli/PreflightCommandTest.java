package dev.ecscanary.cli;

import static dev.ecscanary.cli.CliHarness.cli;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ecscanary.cli.CliHarness.Result;
import dev.ecscanary.spec.Weights;
import dev.ecscanary.testkit.MotoExtension;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code preflight} against the shop's setup in moto: what it prints, and what its exit code says. */
class PreflightCommandTest {

    @RegisterExtension
    static final MotoExtension moto = new MotoExtension();

    @TempDir
    Path dir;

    MotoWorld world;

    @BeforeEach
    void world() {
        world = MotoWorld.create(moto);
    }

    @Test
    void aReadySetupExits0ListingEveryCheck() {
        Result result = preflight(world.spec(dir, "web-1", "1s", true));

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCode.SUCCESS);
        assertThat(result.out()).contains("Preflight of deployment web-1:")
                .containsPattern("OK +records \\(shop.example.test\\): blue weight 100, green weight 0 \\(A\\)")
                .containsPattern("SKIPPED +service \\(green\\): service shop-green in cluster shop does not exist "
                        + "yet: the stacks of this deployment may create it")
                .containsPattern("OK +alarm \\(shop-green-5xx\\): state OK")
                .containsPattern("OK +stateTable \\(shop-ecs-canary-state\\)")
                .contains("ready to deploy");
    }

    @Test
    void greenWithTrafficExits2SayingWhatWasExpectedAndFound() {
        world.setWeights(new Weights(80, 20));

        Result result = preflight(world.spec(dir, "web-2", "1s", false));

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(result.out()).containsPattern("PROBLEM +records \\(shop.example.test\\): expected weighted pair, "
                        + "green at weight 0 \\(a canary starts from blue 100 / green 0\\); found blue weight 80, "
                        + "green weight 20 \\(A\\)")
                .contains("1 problem: not ready to deploy");
    }

    @Test
    void theChecksAreDataForMachines() throws Exception {
        Path spec = world.spec(dir, "web-3", "1s", true);
        Result result = cli().forMoto().run("preflight", "-f", spec.toString(), "--endpoint-url", world.endpoint(),
                "--output", "json");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCode.SUCCESS);
        JsonNode report = new ObjectMapper().readTree(result.out());
        assertThat(report.get("deploymentId").asText()).isEqualTo("web-3");
        assertThat(report.get("ready").asBoolean()).isTrue();
        assertThat(report.get("problem").asInt()).isZero();
        assertThat(report.get("checks").get(0).get("check").asText()).isEqualTo("records");
        assertThat(report.get("checks").get(0).get("outcome").asText()).isEqualTo("OK");
        assertThat(report.get("checks").get(0).has("expected")).isTrue();
    }

    @Test
    void anAwsThatCannotBeReachedExits1SayingWhichCallsFailed() {
        Path spec = world.spec(dir, "web-4", "1s", false);

        Result result = cli().forMoto().run("preflight", "-f", spec.toString(), "--endpoint-url",
                "http://127.0.0.1:9");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCode.FAILURE);
        assertThat(result.out()).containsPattern("UNCHECKED +stateTable").contains("readiness unknown");
    }

    Result preflight(Path spec) {
        return cli().forMoto().run("preflight", "-f", spec.toString(), "--endpoint-url", world.endpoint());
    }
}
