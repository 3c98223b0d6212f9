package dev.ecscanary.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecscanary.testing.SpecYaml;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The spec's contracts as a user meets them: through the repository's own {@code ./ecs-canary}
 * launcher (run after the package phase built the jar it runs), its exit codes and messages.
 */
class LauncherIT {

    static final Path LAUNCHER = Path.of("..", "ecs-canary").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    record Run(int exitCode, String out, String err) {
    }

    @Test
    void aSpecWithAnAliasADuplicateKeyAndABadShareIsRefusedWithEveryProblemAndItsLine() throws Exception {
        Path spec = write("canary.yaml", SpecYaml.SHOP
                .replace("region: eu-west-1\n", "region: eu-west-1\nregion: us-east-1\n")
                .replace("percent: 10", "percent: 0.2"));

        Run run = launch("plan", "-f", spec.toString());

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.err()).contains("canary.yaml:4: region: 'region' is given twice, on line 3 and on line 4")
                .contains("steps[0].percent: 0.2% cannot be expressed with Route53 weights (integers 0..255): the"
                        + " closest share is 0.39% (blue 255 / green 1)");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void anAliasIsReadAsItsValue() throws Exception {
        Path spec = write("canary.yaml", SpecYaml.SHOP.replace("deployment: shop-web-42\n", "")
                .replace("stateTable: shop-ecs-canary-state", "stateTable: &name shop-ecs-canary-state")
                + "deployment: *name\n");

        Run run = launch("plan", "-f", spec.toString());

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("Plan of deployment shop-ecs-canary-state:");
    }

    @Test
    void aBinarySpecIsNotTextAndTheBridgeNeedsAnEmulator() throws Exception {
        Path binary = dir.resolve("canary.yaml");
        Files.write(binary, new byte[] {(byte) 0xFF, (byte) 0xFE, 0, 1});

        Run unreadable = launch("plan", "-f", binary.toString());
        Run bridge = launch("status", "web-1", "--table", "t-1", "--region", "eu-west-1",
                "--emulator-cloudwatch-bridge");

        assertThat(unreadable.exitCode()).isEqualTo(2);
        assertThat(unreadable.err()).contains("canary.yaml: is not UTF-8 text").doesNotContain("Input length");
        assertThat(bridge.exitCode()).isEqualTo(2);
        assertThat(bridge.err()).contains("--emulator-cloudwatch-bridge needs --endpoint-url");
    }

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
    }

    private Run launch(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(LAUNCHER.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectOutput(dir.resolve("out.txt").toFile()).redirectError(dir.resolve("err.txt").toFile());
        builder.environment().remove("AWS_ENDPOINT_URL");
        Process process = builder.start();
        if (!process.waitFor(2, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("the launcher did not finish within 2 minutes: " + command);
        }
        return new Run(process.exitValue(), Files.readString(dir.resolve("out.txt")),
                Files.readString(dir.resolve("err.txt")));
    }
}
