package dev.ecscanary.cli;

import static dev.ecscanary.cli.CliHarness.cli;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ecscanary.cli.CliHarness.Result;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlanCommandTest {

    @TempDir
    Path dir;

    @Test
    void printsEveryStepWithItsWeightsWaitsAndTheMinimumDuration() {
        Path spec = SpecFiles.write(dir, "canary.yaml", SpecFiles.VALID);

        Result result = cli().run("plan", "-f", spec.toString());

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out())
                .contains("Plan of deployment shop-web-42: 4 steps")
                .contains("STEP  REQUESTED  EFFECTIVE  WEIGHTS BLUE/GREEN  APPROVAL  PROPAGATION  TTL  BAKE  "
                        + "MINIMUM ELAPSED")
                .containsPattern("1 +10% +10% +90 / 10 +- +1m +30s +5m +6m30s")
                .containsPattern("2 +25% +25% +75 / 25 +yes +1m +30s +5m +13m")
                .containsPattern("4 +100% +100% +0 / 100 +- +1m +30s +0s +26m +100% for up to 2m")
                .containsPattern("1 +10% .* +6m30s +10% for up to 2m")
                .contains("Exposure: if green turns bad during a bake, its share of clients stays on it until gate "
                        + "targetHealth notices (30s")
                .contains("Minimum duration: 32m30s")
                .contains("Drain check: after the promotion blue's load balancer is watched from the last step's "
                        + "INSYNC for the drain window, then read once CloudWatch published it: 6m30s after the last "
                        + "bake")
                .contains("TTL from dns.ttl");
        assertThat(result.err()).isEmpty();
    }

    @Test
    void printsThePlanAsJsonForMachines() throws Exception {
        Path spec = SpecFiles.write(dir, "canary.yaml", SpecFiles.VALID);

        Result result = cli().run("plan", "-f", spec.toString(), "--output", "json");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        JsonNode plan = new ObjectMapper().readTree(result.out());
        assertThat(plan.get("deploymentId").asText()).isEqualTo("shop-web-42");
        assertThat(plan.get("steps")).hasSize(4);
        assertThat(plan.get("steps").get(1).get("weights").get("green").asInt()).isEqualTo(25);
        assertThat(plan.get("steps").get(1).get("approval").asBoolean()).isTrue();
        assertThat(plan.get("minimumDuration").asText()).as("26m of steps and 6m30s of drain check")
                .isEqualTo("32m30s");
        assertThat(plan.get("drainCheckAfterLastBake").asText()).isEqualTo("6m30s");
        JsonNode exposure = plan.get("steps").get(0).get("exposure");
        assertThat(exposure.get("sharePercent").asDouble()).isEqualTo(10.0);
        assertThat(exposure.get("total").asText()).isEqualTo("2m");
        assertThat(exposure.get("slowestGate").asText()).isEqualTo("targetHealth");
    }

    @Test
    void aBakeSizedByEvidenceShowsItsBoundsAndTheBakeTheRequestRateLetsExpect() throws Exception {
        Path spec = SpecFiles.write(dir, "canary.yaml", SpecFiles.VALID
                .replace("  - percent: 10\n    bake: 5m", "  - percent: 10\n    bake: {min: 5m, max: 30m}")
                .replace("green:\n", "blue:\n  loadBalancer: app/shop-blue/2\ngreen:\n  loadBalancer: app/shop-green/1\n")
                .replace("  - type: targetHealth\n", "  - type: compareToBlue\n    minRequests: 6000\n"
                        + "  - type: targetHealth\n"));

        Result text = cli().run("plan", "-f", spec.toString(), "--requests-per-minute", "6000");
        Result json = cli().run("plan", "-f", spec.toString(), "--requests-per-minute", "6000", "--output", "json");

        assertThat(text.exitCode()).as(text.toString()).isZero();
        // 6,000 green requests at 10 % of 6,000 a minute: 10 minutes, within 5m..30m.
        assertThat(text.out()).containsPattern("1 +10% .* +5m\\.\\.30m \\(~10m\\)")
                .containsPattern("2 +25% .* +5m +");
        JsonNode first = new ObjectMapper().readTree(json.out()).get("steps").get(0);
        assertThat(first.get("bake").asText()).isEqualTo("5m");
        assertThat(first.get("bakeMax").asText()).isEqualTo("30m");
        assertThat(first.get("expectedBake").asText()).isEqualTo("10m");
    }

    @Test
    void aRequestRateBelowOneExits2() {
        Path spec = SpecFiles.write(dir, "canary.yaml", SpecFiles.VALID);

        Result result = cli().run("plan", "-f", spec.toString(), "--requests-per-minute", "0");

        assertThat(result.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(result.err()).contains("--requests-per-minute must be at least 1, was 0");
    }

    @Test
    void aSpecWithSeveralProblemsExits2NamingEachWithItsLine() {
        Path spec = SpecFiles.write(dir, "canary.yaml", SpecFiles.VALID
                .replace("deployment: shop-web-42\n", "deployment: shop-web-42\ndeployment: shop-web-43\n")
                .replace("percent: 25", "percent: twenty-five"));

        Result result = cli().run("plan", "-f", spec.toString());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(result.err())
                .contains("canary.yaml:2: deployment: 'deployment' is given twice, on line 1 and on line 2")
                .containsPattern("canary.yaml:\\d+: steps\\[1\\]\\.percent: 'twenty-five' is not a valid number");
        assertThat(result.out()).isEmpty();
    }

    @Test
    void aBinarySpecFileExits2SayingItIsNotText() throws Exception {
        Path spec = dir.resolve("canary.yaml");
        java.nio.file.Files.write(spec, new byte[] {(byte) 0xFF, (byte) 0xFE, 0, 0x41});

        Result result = cli().run("plan", "-f", spec.toString());

        assertThat(result.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(result.err()).contains("canary.yaml: is not UTF-8 text").doesNotContain("Input length");
    }

    @Test
    void aMissingFileExits2SayingSo() {
        Result result = cli().run("plan", "-f", dir.resolve("missing.yaml").toString());

        assertThat(result.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(result.err()).contains("missing.yaml: no such file");
        assertThat(result.out()).isEmpty();
    }

    @Test
    void aYamlSyntaxErrorExits2WithItsLine() {
        Path spec = SpecFiles.write(dir, "broken.yaml", """
                deployment: shop-web-42
                stateTable: shop-ecs-canary-state
                dns: {hostedZoneId: Z0123456789ABC
                steps: []
                """);

        Result result = cli().run("plan", "-f", spec.toString());

        assertThat(result.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(result.err()).contains("broken.yaml:3: ").contains("expected ',' or '}'");
    }

    @Test
    void anInvalidValueExits2NamingTheFieldAndLine() {
        Path spec = SpecFiles.write(dir, "invalid.yaml", SpecFiles.VALID.replace("percent: 25", "percent: 5"));

        Result result = cli().run("plan", "-f", spec.toString());

        assertThat(result.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(result.err()).contains("invalid.yaml:23: steps[1].percent: must be greater than the previous "
                + "step's 10, was 5");
    }

    @Test
    void withoutASpecFileExits2NamingTheFlag() {
        Result result = cli().run("plan");

        assertThat(result.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(result.err()).contains("Missing required option: '--file=SPEC'");
    }
}
