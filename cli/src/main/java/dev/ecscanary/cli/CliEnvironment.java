package dev.ecscanary.cli;

import dev.ecscanary.aws.AwsSettings;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.time.InstantSource;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * Everything a command takes from the process around it, so that tests can run commands in-process
 * with their own: the streams, the environment variables, the clock, whether a person sits at a
 * terminal, who and where this process is, and a last word on the AWS settings (tests aim them at
 * moto and add the CloudWatch protocol bridge; the real command leaves them as the flags made them).
 *
 * @param terminal    a person watches a terminal: live progress and prompts make sense
 * @param awsSettings applied to the settings built from the flags, just before the clients are made
 */
record CliEnvironment(
        PrintWriter out,
        PrintWriter err,
        BufferedReader in,
        Map<String, String> variables,
        InstantSource clock,
        boolean terminal,
        Identity identity,
        UnaryOperator<AwsSettings> awsSettings) {

    CliEnvironment {
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(err, "err");
        Objects.requireNonNull(in, "in");
        variables = Map.copyOf(variables);
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(awsSettings, "awsSettings");
    }

    static CliEnvironment system() {
        Charset charset = Charset.defaultCharset();
        return new CliEnvironment(
                new PrintWriter(System.out, true, charset),
                new PrintWriter(System.err, true, charset),
                new BufferedReader(new InputStreamReader(System.in, charset)),
                System.getenv(),
                InstantSource.system(),
                System.console() != null,
                Identity.ofThisProcess(System.getenv()),
                UnaryOperator.identity());
    }

    String variable(String name) {
        String value = variables.get(name);
        return value == null || value.isBlank() ? null : value;
    }

    CliEnvironment withClock(InstantSource value) {
        return new CliEnvironment(out, err, in, variables, value, terminal, identity, awsSettings);
    }

    CliEnvironment withIdentity(Identity value) {
        return new CliEnvironment(out, err, in, variables, clock, terminal, value, awsSettings);
    }
}
