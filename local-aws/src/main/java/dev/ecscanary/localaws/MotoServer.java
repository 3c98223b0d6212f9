package dev.ecscanary.localaws;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.client.builder.SdkSyncClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClientBuilder;

/**
 * A {@code moto_server} process on loopback, on a port the OS picks, for one test class or suite.
 *
 * <p>The executable is {@code moto_server} from the PATH unless the environment variable
 * {@value #EXECUTABLE_ENV} names another. The child always gets dummy AWS credentials and region, and
 * none of the caller's {@code AWS_*} variables, so a developer's real profile can never leak into it.
 */
public final class MotoServer implements AutoCloseable {

    public static final String EXECUTABLE_ENV = "MOTO_SERVER";
    public static final Region REGION = Region.US_EAST_1;
    public static final String DUMMY_KEY = "testing";

    private static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration API_TIMEOUT = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final MotoOutputWatcher output;
    private final URI endpoint;
    private final HttpClient http;
    private final Thread shutdownHook;
    private final Set<String> transitionsSet = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    private MotoServer(Process process, MotoOutputWatcher output, int port, HttpClient http) {
        this.process = process;
        this.output = output;
        this.endpoint = URI.create("http://127.0.0.1:" + port);
        this.http = http;
        this.shutdownHook = new Thread(this::stopProcess, "moto-shutdown-" + port);
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** Starts moto with the default settings; see {@link #builder()} for extra environment. */
    public static MotoServer start() {
        return builder().start();
    }

    public static Builder builder() {
        return new Builder();
    }

    public URI endpoint() {
        return endpoint;
    }

    public int port() {
        return endpoint.getPort();
    }

    /** The moto process, so tests can check it is gone after {@link #close()}. */
    public ProcessHandle processHandle() {
        return process.toHandle();
    }

    /**
     * Clears every backend. Moto's own reset leaves state-manager transitions in place, so the
     * transitions set through this object are unset too: each test starts from moto's defaults.
     */
    public void reset() {
        post("/moto-api/reset", "");
        for (String model : List.copyOf(transitionsSet)) {
            ObjectNode body = JSON.createObjectNode().put("model_name", model);
            post("/moto-api/state-manager/unset-transition", body.toString());
            transitionsSet.remove(model);
        }
    }

    /**
     * Sets how a moto model advances, e.g. model {@code ecs::task} with
     * {@code {"progression": "immediate"}}, {@code {"progression": "manual", "times": 3}} or
     * {@code {"progression": "time", "seconds": 5}}.
     */
    public void stateManagerSetTransition(String modelName, String transitionJson) {
        Objects.requireNonNull(modelName, "modelName");
        ObjectNode body = JSON.createObjectNode().put("model_name", modelName);
        body.set("transition", parseObject(transitionJson));
        post("/moto-api/state-manager/set-transition", body.toString());
        transitionsSet.add(modelName);
    }

    /** The transition moto currently applies to a model, as moto's JSON. */
    public String stateManagerGetTransition(String modelName) {
        String query = "model_name=" + URLEncoder.encode(modelName, StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(endpoint.resolve("/moto-api/state-manager/get-transition?" + query))
                .timeout(API_TIMEOUT)
                .GET()
                .build();
        return checked(send(http, request)).body();
    }

    /** How RunTask-created ECS tasks advance; by default moto moves them one state per DescribeTasks. */
    public void setEcsTaskTransition(String transitionJson) {
        stateManagerSetTransition("ecs::task", transitionJson);
    }

    /** Points a sync client builder at this server with dummy credentials and the URL-connection HTTP client. */
    public <B extends AwsClientBuilder<B, C> & SdkSyncClientBuilder<B, C>, C> B configure(B builder) {
        return aim(builder).httpClientBuilder(UrlConnectionHttpClient.builder());
    }

    /** {@link #configure} and build, e.g. {@code moto.client(EcsClient.builder())}. */
    public <B extends AwsClientBuilder<B, C> & SdkSyncClientBuilder<B, C>, C> C client(B builder) {
        return configure(builder).build();
    }

    /**
     * A real CloudWatch client whose rpcv2-CBOR wire format is translated to the JSON protocol moto
     * serves; see {@link CloudWatchProtocolBridge}. Returned as a builder so tests can add settings.
     */
    public CloudWatchClientBuilder cloudWatchBuilder() {
        return aim(CloudWatchClient.builder())
                .httpClient(new CloudWatchProtocolBridge(UrlConnectionHttpClient.create()));
    }

    public CloudWatchClient cloudWatch() {
        return cloudWatchBuilder().build();
    }

    /** Recent lines moto printed, for diagnosing a failing test. */
    public String recentOutput() {
        return output.recentOutput();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shutdownAlreadyRunning) {
            // the hook is running or about to: it stops the process itself
        }
        stopProcess();
    }

    private <B extends AwsClientBuilder<B, C>, C> B aim(B builder) {
        return builder.endpointOverride(endpoint)
                .region(REGION)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(DUMMY_KEY, DUMMY_KEY)));
    }

    private void stopProcess() {
        // Collected first: once the parent is gone its children are re-parented and no longer found.
        List<ProcessHandle> descendants = process.descendants().toList();
        process.destroy();
        descendants.forEach(ProcessHandle::destroy);
        try {
            if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
            for (ProcessHandle child : descendants) {
                if (child.isAlive()) {
                    child.destroyForcibly();
                }
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            descendants.forEach(ProcessHandle::destroyForcibly);
            Thread.currentThread().interrupt();
        }
    }

    private void post(String path, String body) {
        HttpRequest request = HttpRequest.newBuilder(endpoint.resolve(path))
                .timeout(API_TIMEOUT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        checked(send(http, request));
    }

    private HttpResponse<String> checked(HttpResponse<String> response) {
        // moto answers 200 for most calls but 201 for set-transition.
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException(response.request().method() + " " + response.uri() + " answered "
                    + response.statusCode() + ": " + response.body() + System.lineSeparator()
                    + "moto output:" + System.lineSeparator() + recentOutput());
        }
        return response;
    }

    private static JsonNode parseObject(String json) {
        try {
            JsonNode node = JSON.readTree(json);
            if (node == null || !node.isObject()) {
                throw new IllegalArgumentException("expected a JSON object, got: " + json);
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not valid JSON: " + json, e);
        }
    }

    private static HttpResponse<String> send(HttpClient http, HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(request.method() + " " + request.uri() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while calling moto", e);
        }
    }

    /** Extra environment and the executable; {@link #start()} launches and waits for readiness. */
    public static final class Builder {
        private final Map<String, String> env = new LinkedHashMap<>();
        private String executable = System.getenv().getOrDefault(EXECUTABLE_ENV, "moto_server");
        private Duration startTimeout = DEFAULT_START_TIMEOUT;

        private Builder() {
        }

        /** An extra variable for the moto process, e.g. {@code MOTO_ECS_SERVICE_RUNNING=2}. */
        public Builder env(String name, String value) {
            env.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
            return this;
        }

        public Builder env(Map<String, String> variables) {
            variables.forEach(this::env);
            return this;
        }

        public Builder executable(String pathOrName) {
            this.executable = Objects.requireNonNull(pathOrName, "pathOrName");
            return this;
        }

        public Builder startTimeout(Duration timeout) {
            this.startTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        public MotoServer start() {
            long deadline = System.nanoTime() + startTimeout.toNanos();
            Process process = launch();
            MotoOutputWatcher output = MotoOutputWatcher.watch(process.getInputStream());
            try {
                int port = awaitPort(output, deadline);
                HttpClient http = HttpClient.newBuilder()
                        .proxy(HttpClient.Builder.NO_PROXY)
                        .connectTimeout(Duration.ofSeconds(2))
                        .build();
                awaitApi(process, http, port, deadline);
                return new MotoServer(process, output, port, http);
            } catch (RuntimeException e) {
                destroy(process);
                throw new IllegalStateException("moto_server (" + executable + ") did not start within "
                        + startTimeout.toSeconds() + " s: " + e.getMessage() + System.lineSeparator()
                        + "moto output:" + System.lineSeparator() + output.recentOutput(), e);
            }
        }

        private Process launch() {
            ProcessBuilder builder = new ProcessBuilder(executable, "-H", "127.0.0.1", "-p", "0")
                    .redirectErrorStream(true);
            Map<String, String> childEnv = builder.environment();
            childEnv.keySet().removeIf(name -> name.startsWith("AWS_"));
            childEnv.put("AWS_ACCESS_KEY_ID", DUMMY_KEY);
            childEnv.put("AWS_SECRET_ACCESS_KEY", DUMMY_KEY);
            childEnv.put("AWS_SECURITY_TOKEN", DUMMY_KEY);
            childEnv.put("AWS_SESSION_TOKEN", DUMMY_KEY);
            childEnv.put("AWS_DEFAULT_REGION", REGION.id());
            childEnv.put("AWS_REGION", REGION.id());
            // Python block-buffers a pipe; the port announcement must arrive as soon as it is printed.
            childEnv.put("PYTHONUNBUFFERED", "1");
            childEnv.putAll(env);
            try {
                return builder.start();
            } catch (IOException e) {
                throw new IllegalStateException("could not run '" + executable + "': is moto installed and on the"
                        + " PATH, or does " + EXECUTABLE_ENV + " name the moto_server executable?", e);
            }
        }

        private static int awaitPort(MotoOutputWatcher output, long deadline) {
            try {
                return output.port().get(remainingMillis(deadline), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                throw new IllegalStateException("no 'Running on http://127.0.0.1:<port>' line", e);
            } catch (ExecutionException e) {
                throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for moto", e);
            }
        }

        private static void awaitApi(Process process, HttpClient http, int port, long deadline) {
            HttpRequest probe = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/moto-api/"))
                    .timeout(Duration.ofSeconds(2))
                    .GET()
                    .build();
            String lastProblem = "no answer";
            while (remainingMillis(deadline) > 0) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("moto exited with code " + process.exitValue());
                }
                try {
                    HttpResponse<Void> response = http.send(probe, HttpResponse.BodyHandlers.discarding());
                    if (response.statusCode() == 200) {
                        return;
                    }
                    lastProblem = "GET /moto-api/ answered " + response.statusCode();
                } catch (IOException e) {
                    lastProblem = "GET /moto-api/ failed: " + e;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for moto", e);
                }
                sleepBriefly();
            }
            throw new IllegalStateException("port " + port + " announced but moto-api not ready (" + lastProblem + ")");
        }

        private static long remainingMillis(long deadline) {
            return Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
        }

        private static void sleepBriefly() {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for moto", e);
            }
        }

        private static void destroy(Process process) {
            List<ProcessHandle> descendants = process.descendants().toList();
            process.destroyForcibly();
            descendants.forEach(ProcessHandle::destroyForcibly);
        }
    }
}
