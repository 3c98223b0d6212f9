package dev.ecscanary.cli;

import dev.ecscanary.aws.AwsClients;
import dev.ecscanary.aws.AwsPorts;
import dev.ecscanary.cli.relay.RelayServer;
import dev.ecscanary.events.SharedSecret;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code ecs-canary relay}: receives ECS events from EventBridge and records them in the state table. */
@Command(name = "relay", mixinStandardHelpOptions = true,
        description = {"Receive ECS task state changes from an EventBridge API destination (cfn/relay.yaml) and "
                + "record them in the state table, exactly once: POST /events with the shared secret in the "
                + RelayServer.SECRET_HEADER + " header. Answers 202 (recorded, duplicate, stale or ignored), "
                + "400 malformed, 401 bad secret, 413 oversized, 503 state table unreachable. Deployments driven "
                + "by 'deploy' or 'resume' see the events through the table. Runs until stopped (Ctrl-C).",
            "Put it behind a TLS-terminating proxy when EventBridge must reach it from the internet."})
final class RelayCommand implements Callable<Integer> {

    @ParentCommand
    private EcsCanaryCommand root;

    @Option(names = "--port", required = true, paramLabel = "PORT",
            description = "Port to listen on (0: any free port, printed at start).")
    private int port;

    @Option(names = "--bind", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
            description = "Address to listen on (default 127.0.0.1; 0.0.0.0 for every interface).")
    private String bind;

    @Option(names = "--secret-file", required = true, paramLabel = "FILE",
            description = "File holding the shared secret (at least " + SharedSecret.MIN_LENGTH
                    + " characters; surrounding whitespace is ignored).")
    private Path secretFile;

    @Mixin
    private TableOption table;

    @Mixin
    private AwsOptions aws;

    @Override
    public Integer call() throws InterruptedException {
        CliEnvironment environment = root.environment();
        if (port < 0 || port > 65535) {
            throw new UsageException("--port must be 0..65535, was " + port);
        }
        SharedSecret secret = readSecret();
        InetAddress address = bindAddress();
        String tableName = table.resolve(environment);
        StopOnSignal signal = new StopOnSignal("ecs-canary-relay-stop");
        try (signal; AwsClients clients = new AwsClients(aws.settings(environment, null));
             // The relay only records; drivers in other processes read the observations from the table.
             RelayServer relay = new RelayServer(AwsPorts.stateStore(clients, tableName), secret, environment.clock(),
                     service -> { })) {
            InetSocketAddress bound = start(relay, new InetSocketAddress(address, port), environment);
            environment.out().println("relay listening on http://" + bound.getAddress().getHostAddress() + ":"
                    + bound.getPort() + RelayServer.PATH + " (table " + tableName + "); Ctrl-C stops it");
            environment.out().flush();
            signal.install();
            // A signal: the server closes (requests in flight finish) before the process exits.
            signal.await();
            return ExitCode.SUCCESS;
        } catch (InterruptedException e) {
            signal.uninstall();
            return ExitCode.SUCCESS;
        }
    }

    private SharedSecret readSecret() {
        try {
            return SharedSecret.read(secretFile);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--secret-file " + secretFile + ": " + e.getMessage());
        }
    }

    private InetAddress bindAddress() {
        try {
            return InetAddress.getByName(bind);
        } catch (UnknownHostException e) {
            throw new UsageException("--bind: '" + bind + "' is not an address of this machine");
        }
    }

    private static InetSocketAddress start(RelayServer relay, InetSocketAddress address, CliEnvironment environment) {
        try {
            return relay.start(address, line -> {
                environment.out().println(line);
                environment.out().flush();
            });
        } catch (BindException e) {
            throw new UsageException("--port " + address.getPort() + " / --bind " + address.getHostString()
                    + ": cannot listen there (" + e.getMessage() + ")");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the relay on " + address, e);
        }
    }
}
