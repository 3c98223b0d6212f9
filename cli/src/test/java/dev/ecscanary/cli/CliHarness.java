package dev.ecscanary.cli;

import dev.ecscanary.aws.AwsSettings;
import dev.ecscanary.localaws.CloudWatchProtocolBridge;
import dev.ecscanary.localaws.MotoServer;
import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;

/** Runs commands in-process through picocli with captured output, as a person or CI would. */
final class CliHarness {

    private final Map<String, String> variables = new HashMap<>();
    private String stdin = "";
    private Identity identity = new Identity("tester", "testhost", ProcessHandle.current().pid());
    private UnaryOperator<AwsSettings> awsSettings = UnaryOperator.identity();

    static CliHarness cli() {
        return new CliHarness();
    }

    /**
     * Moto's dummy credentials, and the test-only bridge that lets the real CloudWatch client (rpcv2
     * CBOR) talk to moto (JSON). The endpoint itself is given with --endpoint-url, as a user would.
     */
    /** Moto's dummy credentials only: CloudWatch works only if the command line asks for the bridge. */
    CliHarness withMotoCredentials() {
        awsSettings = settings -> settings.withCredentials(StaticCredentialsProvider.create(
                AwsBasicCredentials.create(MotoServer.DUMMY_KEY, MotoServer.DUMMY_KEY)));
        return this;
    }

    CliHarness forMoto() {
        awsSettings = settings -> settings
                .withCredentials(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(MotoServer.DUMMY_KEY, MotoServer.DUMMY_KEY)))
                .withHttpClient("cloudwatch", new CloudWatchProtocolBridge(UrlConnectionHttpClient.create()));
        return this;
    }

    CliHarness variable(String name, String value) {
        variables.put(name, value);
        return this;
    }

    CliHarness stdin(String text) {
        stdin = text;
        return this;
    }

    /** Another process's identity: two drivers in one test JVM must not share a driver id. */
    CliHarness asProcess(long pid) {
        identity = new Identity("tester", "testhost", pid);
        return this;
    }

    Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Cli.run(environment(out, err), args);
        return new Result(code, out.toString(), err.toString());
    }

    /** For commands that run until stopped: the caller reads the live output. */
    CliEnvironment environment(StringWriter out, StringWriter err) {
        return new CliEnvironment(new PrintWriter(out, true), new PrintWriter(err, true),
                new BufferedReader(new StringReader(stdin)), variables, InstantSource.system(), false, identity,
                awsSettings);
    }

    record Result(int exitCode, String out, String err) {

        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- out:\n" + out + "--- err:\n" + err;
        }
    }
}
