package dev.ecscanary.cli;

import static dev.ecscanary.cli.CliHarness.cli;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ecscanary.cli.CliHarness.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's main job: two canaries against moto, one promoted, one rolled back, with reports. */
class DemoCommandTest {

    static final Path CHECKOUT = Path.of("..").toAbsolutePath().normalize();

    @Test
    void theDemoPromotesTheFirstDeploymentAndRollsTheSecondBack(@TempDir Path reports) throws Exception {
        Result result = cli().run("demo", "--home", CHECKOUT.toString(), "--reports", reports.toString());

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).contains("shop-1.1: PROMOTED", "shop-1.2: ROLLED_BACK (gate alarms failed at step 2",
                "EventBridge delivers it again -> 202 {\"result\":\"duplicate\"",
                "alarm shop-blue-5xx goes to ALARM", "demo: both deployments ended as they should");
        assertThat(result.out()).as("preflight before the first deployment")
                .contains("== Preflight: is the setup ready for deployment 1?")
                .containsPattern("OK +records \\(shop.example.test\\): blue weight 100, green weight 0")
                .containsPattern("OK +stateTable \\(shop-ecs-canary-state\\)");
        assertThat(reports.resolve("shop-1.1.html")).isRegularFile();
        com.fasterxml.jackson.databind.JsonNode promoted = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(reports.resolve("shop-1.1.json").toFile());
        assertThat(promoted.get("id").asText()).isEqualTo("shop-1.1");
        assertThat(promoted.get("phase").asText()).isEqualTo("PROMOTED");
        assertThat(promoted.get("view").get("outcome").asText()).isEqualTo("PROMOTED");
        assertThat(promoted.get("view").get("steps")).as("an observed green share for every step").hasSize(4)
                .allSatisfy(step -> assertThat(step.get("observed")).isNotEmpty());
        assertThat(promoted.get("drain").get("drainedSide").asText()).isEqualTo("blue");
        assertThat(promoted.get("drain").get("result").get("status").asText()).isEqualTo("DRAINED");
        com.fasterxml.jackson.databind.JsonNode rolledBack = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(reports.resolve("shop-1.2.json").toFile());
        assertThat(rolledBack.get("drain").get("drainedSide").asText()).isEqualTo("green");
        assertThat(rolledBack.get("drain").get("result").get("status").asText()).as("2% of clients ignore the TTL")
                .isEqualTo("NOT_DRAINED");
        assertThat(rolledBack.get("drain").get("result").get("stale").get("staleDnsRequestsPerMinute").asDouble())
                .isGreaterThan(0);
        assertThat(result.out()).containsPattern("step 1: intended 10%, observed [0-9.]+% \\(95% interval [0-9.]+-"
                        + "[0-9.]+%\\), PASS")
                .contains("drain check of blue: DRAINED", "drain check of green: NOT_DRAINED");
        assertThat(Files.readString(reports.resolve("shop-1.2.json"))).contains("\"phase\" : \"ROLLED_BACK\"");
        assertThat(Files.readString(reports.resolve("shop-1.2.html"))).contains("ROLLED_BACK")
                .contains("gate alarms failed at step 2");
    }

    @Test
    void outsideACheckoutTheDemoSaysWhereItLooked(@TempDir Path elsewhere) {
        Result result = cli().run("demo", "--home", elsewhere.toString());

        assertThat(result.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(result.err()).contains("no examples/demo/first-deployment.yaml under " + elsewhere);
    }
}
