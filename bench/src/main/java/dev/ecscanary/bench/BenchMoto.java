package dev.ecscanary.bench;

import dev.ecscanary.aws.AwsSettings;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * A moto_server on a free loopback port for the benchmark (the test kit's fixture is JUnit's and
 * stays out of runtime code). {@code MOTO_SERVER} may name the executable.
 */
final class BenchMoto implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final String DUMMY = "testing";

    private final Process process;
    private final URI endpoint;

    private BenchMoto(Process process, URI endpoint) {
        this.process = process;
        this.endpoint = endpoint;
    }

    static BenchMoto start() throws IOException, InterruptedException {
        String executable = System.getenv().getOrDefault("MOTO_SERVER", "moto_server");
        int port = freePort();
        Path log = Files.createTempFile("bench-moto", ".log");
        ProcessBuilder builder = new ProcessBuilder(executable, "-H", "127.0.0.1", "-p", Integer.toString(port))
                .redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(name -> name.startsWith("AWS_"));
        env.putAll(Map.of("AWS_ACCESS_KEY_ID", DUMMY, "AWS_SECRET_ACCESS_KEY", DUMMY,
                "AWS_DEFAULT_REGION", "us-east-1"));
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new Unavailable("cannot run '" + executable + "': " + e.getMessage());
        }
        BenchMoto moto = new BenchMoto(process, URI.create("http://127.0.0.1:" + port));
        try {
            moto.awaitReady(log);
        } catch (RuntimeException | InterruptedException e) {
            moto.close();
            throw e;
        }
        return moto;
    }

    AwsSettings settings(AwsSettings base) {
        return base.withRegion("us-east-1").withEndpoint(endpoint)
                .withCredentials(StaticCredentialsProvider.create(AwsBasicCredentials.create(DUMMY, DUMMY)));
    }

    /** The table cfn/setup.yaml creates: key pk + sk. */
    void createStateTable(DynamoDbClient dynamoDb, String table) {
        dynamoDb.createTable(b -> b.tableName(table).billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S),
                        a -> a.attributeName("sk").attributeType(ScalarAttributeType.S))
                .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH),
                        k -> k.attributeName("sk").keyType(KeyType.RANGE)));
    }

    private void awaitReady(Path log) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY)
                .connectTimeout(Duration.ofSeconds(1)).build();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new Unavailable("moto_server exited: " + tail(log));
            }
            try {
                if (http.send(HttpRequest.newBuilder(endpoint.resolve("/moto-api/")).GET().build(),
                        BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // starting
            }
            Thread.sleep(100);
        }
        throw new Unavailable("moto_server did not answer within " + START_TIMEOUT.toSeconds() + " s: " + tail(log));
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join(" | ", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
        } catch (IOException e) {
            return "(no output)";
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() {
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        children.forEach(ProcessHandle::destroy);
    }

    /** moto could not be started: the DynamoDB figure is skipped, the in-memory one stands. */
    static final class Unavailable extends RuntimeException {
        Unavailable(String message) {
            super(message);
        }
    }
}
