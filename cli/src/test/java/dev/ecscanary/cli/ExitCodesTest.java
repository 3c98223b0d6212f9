package dev.ecscanary.cli;

import static dev.ecscanary.cli.CliHarness.cli;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ecscanary.cli.CliHarness.Result;
import dev.ecscanary.engine.Exceptions.DeploymentConflictException;
import dev.ecscanary.engine.Exceptions.DeploymentRefusedException;
import dev.ecscanary.engine.Exceptions.UnknownDeploymentException;
import dev.ecscanary.engine.TickOutcome;
import dev.ecscanary.port.StateStore.StateStoreException;
import dev.ecscanary.spec.CanarySpec;
import dev.ecscanary.spec.InvalidSpecException;
import dev.ecscanary.spec.SpecProblem;
import dev.ecscanary.spec.SpecReader;
import dev.ecscanary.spec.Weights;
import dev.ecscanary.state.DeploymentRecord;
import dev.ecscanary.state.FailBack;
import dev.ecscanary.state.HistoryEntry;
import dev.ecscanary.state.Phase;
import dev.ecscanary.state.HistoryEvent;
import dev.ecscanary.view.DeploymentView;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every command exits 0 promoted/success, 3 rolled back, 2 invalid input or usage, 1 anything else. */
class ExitCodesTest {

    @TempDir
    static Path dir;

    static Stream<Arguments> commandLines() {
        return Stream.of(
                named("help at the top", 0, "", d -> new String[] {"--help"}),
                named("help of a command", 0, "Usage: ecs-canary deploy", d -> new String[] {"deploy", "--help"}),
                named("version", 0, "ecs-canary ", d -> new String[] {"--version"}),
                named("a valid plan", 0, "Plan of deployment", d -> new String[] {"plan", "-f", valid(d)}),
                named("no command", 2, "a command is required", d -> new String[] {}),
                named("an unknown command", 2, "Unmatched argument", d -> new String[] {"promote"}),
                named("an unknown flag", 2, "Unknown option: '--colour'", d -> new String[] {"plan", "-f", valid(d),
                    "--colour"}),
                named("a missing spec", 2, "no such file", d -> new String[] {"plan", "-f", d + "/nope.yaml"}),
                named("an unknown output format", 2, "--output", d -> new String[] {"plan", "-f", valid(d),
                    "--output", "xml"}),
                named("status without a table", 2, "--table is required (or set ECS_CANARY_TABLE)",
                        d -> new String[] {"status", "web-42"}),
                named("a bad deployment id", 2, "DEPLOYMENT: 'web 42!' is not a deployment id",
                        d -> new String[] {"status", "web 42!", "--table", "t-1"}),
                named("a bad table name", 2, "--table: 'x' is not a DynamoDB table name",
                        d -> new String[] {"resume", "web-42", "--table", "x"}),
                named("a short lease", 2, "--lease-duration must be at least 2s",
                        d -> new String[] {"deploy", "-f", valid(d), "--lease-duration", "1s"}),
                named("a lease that is no duration", 2, "Invalid value for option '--lease-duration'",
                        d -> new String[] {"deploy", "-f", valid(d), "--lease-duration", "soon"}),
                named("an unknown approval mode", 2, "--approve", d -> new String[] {"deploy", "-f", valid(d),
                    "--approve", "maybe"}),
                named("a bad region", 2, "--region: 'Mars' is not an AWS region",
                        d -> new String[] {"status", "web-42", "--table", "t-1", "--region", "Mars"}),
                named("a bad endpoint", 2, "--endpoint-url: 'localhost:5000' is not an http(s) URL",
                        d -> new String[] {"status", "web-42", "--table", "t-1", "--region", "us-east-1",
                            "--endpoint-url", "localhost:5000"}),
                named("a Route53 budget that is none", 2, "--route53-budget: 'fast' is not NAME=BURST/REFILL",
                        d -> new String[] {"status", "web-42", "--table", "t-1", "--region", "us-east-1",
                            "--route53-budget", "fast"}),
                named("a relay without its secret file", 2, "/none: no such file",
                        d -> new String[] {"relay", "--port", "0", "--secret-file", d + "/none", "--table", "t-1"}),
                named("a relay with a binary secret file", 2, "binary.secret: is not UTF-8 text",
                        d -> new String[] {"relay", "--port", "0", "--secret-file", binary(d, "binary.secret"),
                            "--table", "t-1"}),
                named("a spec that is a directory", 2, ": is a directory, not a file",
                        d -> new String[] {"plan", "-f", d.toString()}),
                named("a relay with a short secret", 2, "the secret must be at least 32 characters, was 5",
                        d -> new String[] {"relay", "--port", "0", "--secret-file",
                            SpecFiles.write(d, "short.secret", "short\n").toString(), "--table", "t-1"}),
                named("the emulator bridge without an emulator", 2,
                        "--emulator-cloudwatch-bridge needs --endpoint-url (or AWS_ENDPOINT_URL)",
                        d -> new String[] {"status", "web-1", "--table", "t-1", "--region", "eu-west-1",
                            "--emulator-cloudwatch-bridge"}),
                named("a relay on an impossible port", 2, "--port must be 0..65535, was 70000",
                        d -> new String[] {"relay", "--port", "70000", "--secret-file", d + "/none"}));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("commandLines")
    void commandLineExitsWithItsCode(String name, int expected, String message, Function<Path, String[]> args) {
        Result result = cli().run(args.apply(dir));

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(expected);
        assertThat(result.out() + result.err()).contains(message);
    }

    static Stream<Arguments> outcomes() {
        DeploymentRecord running = record();
        Instant now = Instant.parse("2026-11-26T09:00:00Z");
        return Stream.of(
                Arguments.of("promoted", new TickOutcome.Finished(in(running, Phase.PROMOTED, now)), 0),
                Arguments.of("rolled back", new TickOutcome.Finished(in(running, Phase.ROLLED_BACK, now)), 3),
                Arguments.of("refused to start", new TickOutcome.Finished(in(running, Phase.ROLLED_BACK, now).toBuilder()
                        .failBack(new FailBack(FailBack.Trigger.PRECONDITION, "green already receives 100% of traffic",
                                now, 0, false)).build(now)), 2),
                Arguments.of("stuck failing back", new TickOutcome.Stuck(in(running, Phase.FAILING_BACK, now),
                        "FAIL-BACK NOT CONFIRMED"), 1),
                Arguments.of("still waiting", new TickOutcome.Waiting(running, now, "baking"), 1));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("outcomes")
    void aDeploymentsEndGivesItsCode(String name, TickOutcome outcome, int expected) {
        assertThat(ExitCode.of(outcome, DeploymentView.of(outcome.record(), outcome.record().updatedAt())))
                .isEqualTo(expected);
    }

    static Stream<Arguments> errors() {
        return Stream.of(
                Arguments.of(new UsageException("--table is required"), 2),
                Arguments.of(new InvalidSpecException("c.yaml", List.of(new SpecProblem("steps", 3, "bad"))), 2),
                Arguments.of(new UnknownDeploymentException("web-42"), 2),
                Arguments.of(new DeploymentConflictException("web-42"), 2),
                Arguments.of(new DeploymentRefusedException("green already receives traffic"), 2),
                Arguments.of(new StateStoreException("table unreachable", null), 1),
                Arguments.of(new IllegalStateException("anything else"), 1));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("errors")
    void anErrorGivesItsCode(RuntimeException error, int expected) {
        assertThat(ErrorHandler.exitCodeOf(error)).isEqualTo(expected);
    }

    private static String binary(Path dir, String name) {
        try {
            return java.nio.file.Files.write(dir.resolve(name), new byte[] {(byte) 0xFF, (byte) 0xFE, 0, 1}).toString();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Arguments named(String name, int code, String message, Function<Path, String[]> args) {
        return Arguments.of(name, code, message, args);
    }

    private static String valid(Path dir) {
        return SpecFiles.write(dir, "canary.yaml", SpecFiles.VALID).toString();
    }

    private static DeploymentRecord record() {
        CanarySpec spec = SpecReader.parse(SpecFiles.VALID, "canary.yaml", null);
        Instant at = Instant.parse("2026-11-26T08:00:00Z");
        return DeploymentRecord.created(spec, "sha256:test", Weights.ALL_BLUE, at,
                new HistoryEntry(at, Phase.PENDING, -1, Weights.ALL_BLUE, "test", new HistoryEvent.Created()));
    }

    private static DeploymentRecord in(DeploymentRecord record, Phase phase, Instant now) {
        return record.toBuilder().phase(phase, now, null).build(now);
    }
}
