package dev.ecscanary.cli;

import dev.ecscanary.aws.AwsClients;
import dev.ecscanary.aws.AwsPorts;
import dev.ecscanary.aws.AwsPreflight;
import dev.ecscanary.aws.AwsSettings;
import dev.ecscanary.cli.demo.DemoTraffic;
import dev.ecscanary.cli.demo.DemoWorld;
import dev.ecscanary.cli.demo.PlayedEcs;
import dev.ecscanary.cli.progress.ProgressView;
import dev.ecscanary.cli.render.Json;
import dev.ecscanary.cli.render.PreflightText;
import dev.ecscanary.cli.relay.RelayServer;
import dev.ecscanary.events.SharedSecret;
import dev.ecscanary.cli.run.CanaryRunner;
import dev.ecscanary.engine.Exceptions.DeploymentRefusedException;
import dev.ecscanary.engine.TickOutcome;
import dev.ecscanary.localaws.CloudWatchProtocolBridge;
import dev.ecscanary.localaws.MotoServer;
import dev.ecscanary.preflight.PreflightReport;
import dev.ecscanary.spec.CanarySpec;
import dev.ecscanary.spec.SpecReader;
import dev.ecscanary.port.Approvals;
import dev.ecscanary.port.TimeLapse;
import dev.ecscanary.spec.Percentages;
import dev.ecscanary.state.DeploymentRecord;
import dev.ecscanary.state.GateEvidence;
import dev.ecscanary.state.Phase;
import dev.ecscanary.view.DeploymentView;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;

/**
 * {@code ecs-canary demo}: the whole product against a local AWS emulator, in about a minute. It
 * starts moto_server, creates the shared setup from cfn/, then runs two canaries with the real
 * engine and the real AWS adapters: version 1.1 goes to the green side and is promoted; version
 * 1.2 goes to the now idle blue side, its alarm fires at 25 % and it fails back. moto runs no
 * containers and sends no events, so the demo plays ECS and EventBridge: it registers the new
 * tasks' targets and posts their task state changes to a relay, as an API destination would.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Run two canary deployments against a local AWS emulator (moto_server on a free loopback "
                + "port): the first is promoted, the second fails a gate at 25%% and fails back. Its clock runs 30 "
                + "times faster than the wall's, and it publishes simulated clients' requests as the load balancers' "
                + "metrics: each step prints the green share intended and observed, each deployment its drain check. "
                + "Writes an HTML report for each, and beside it the final record as JSON (as status --output json "
                + "prints it). Needs moto_server on the PATH (or MOTO_SERVER naming it).",
            "Exit code: 0 when both ended as they should (PROMOTED, then ROLLED_BACK), 1 otherwise."})
final class DemoCommand implements Callable<Integer> {

    static final String FIRST = "first-deployment.yaml";
    static final String SECOND = "second-deployment.yaml";
    /** How much faster the demo's clock runs than the wall's: a 3-minute bake takes 6 seconds. */
    static final long SPEED = 30;

    @ParentCommand
    private EcsCanaryCommand root;

    @Option(names = "--reports", paramLabel = "DIR", defaultValue = "ecs-canary-demo",
            description = "Where the HTML reports and JSON records go (default: ./ecs-canary-demo).")
    Path reports;

    @Option(names = "--home", paramLabel = "DIR",
            description = "The ecs-canary checkout holding cfn/ and examples/demo/ (default: where the launcher "
                    + "lives, else the current directory).")
    Path home;

    @Override
    public Integer call() throws Exception {
        CliEnvironment environment = root.environment().withClock(new TimeLapse(root.environment().clock(), SPEED));
        PrintWriter out = environment.out();
        Path checkout = home != null ? home : Path.of(System.getProperty("ecs-canary.home", "."));
        Path specs = checkout.resolve("examples/demo");
        if (!Files.isRegularFile(specs.resolve(FIRST))) {
            throw new UsageException("--home: no examples/demo/" + FIRST + " under " + checkout.toAbsolutePath()
                    + ": run the demo from an ecs-canary checkout");
        }
        CanarySpec first = SpecReader.read(specs.resolve(FIRST));
        CanarySpec second = SpecReader.read(specs.resolve(SECOND));

        say(out, "Starting a local AWS emulator (moto_server) on a free loopback port");
        try (MotoServer moto = MotoServer.builder().env("MOTO_ECS_SERVICE_RUNNING", "0").start();
             AwsClients clients = new AwsClients(settingsFor(moto))) {
            out.println("   moto_server at " + moto.endpoint());
            DemoWorld world = new DemoWorld(clients, checkout.resolve("cfn"), out);
            say(out, "Creating the shared setup from cfn/ (once): network, cluster, two load balancers, the weighted "
                    + "records (blue 100 / green 0), the state table, and the blue service v1.0");
            world.createSharedSetup();

            say(out, "The demo's clock runs " + SPEED + " times faster than the wall's: its minutes of bakes, load "
                    + "balancer metrics and drain checks pass in seconds (times below are the demo's)");
            DemoTraffic traffic = new DemoTraffic(clients, world.outputs(), environment.clock())
                    .start(Duration.ofMillis(250));
            out.println("   clients: " + DemoTraffic.REQUESTS_PER_MINUTE + " requests a minute, split as the weighted "
                    + "records say give or take a few percent, published each minute as the load balancers' "
                    + "RequestCount and NewConnectionCount (moto has no clients); a side whose weight goes to 0 "
                    + "keeps a short tail of stale clients");

            say(out, "Preflight: is the setup ready for deployment 1? (ecs-canary preflight -f "
                    + "examples/demo/" + FIRST + ")");
            PreflightReport ready = new AwsPreflight(clients, () -> environment.clock().instant()).check(first);
            PreflightText.render(ready).lines().forEach(line -> out.println("   " + line));
            out.println("   (every deployment runs the same checks before it touches anything)");

            String secret = HexFormat.of().formatHex(SecureRandom.getSeed(24));
            AtomicReference<CanaryRunner> driving = new AtomicReference<>();
            try (DemoTraffic clientsRunning = traffic;
                 PlayedEcs ecs = new PlayedEcs(clients, secret, out, environment.clock());
                 RelayServer relay = new RelayServer(AwsPorts.stateStore(clients, first.stateTable()),
                         SharedSecret.of(secret),
                         environment.clock(), service -> Optional.ofNullable(driving.get())
                                 .ifPresent(runner -> runner.wake(service)))) {
                InetSocketAddress address = relay.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                        line -> { });
                URI events = URI.create("http://127.0.0.1:" + address.getPort() + RelayServer.PATH);
                ecs.relayTo(events);
                out.println("   ECS task events are relayed to " + events
                        + " (in AWS: an EventBridge rule and API destination, cfn/relay.yaml)");

                say(out, "Deployment 1: version 1.1 to the green side, 10 -> 25 -> 50 -> 100 %, each "
                        + "step baking 3 minutes (6 s on the wall)");
                TickOutcome promoted;
                TickOutcome rolledBack;
                try {
                    promoted = deploy(environment, clients, ecs, driving, first);
                    intendedAndObserved(out, promoted.record(), environment.clock().instant());

                    say(out, "Deployment 2: version 1.2 to the idle side (blue serves nothing since deployment 1); "
                            + "its alarm will fire at 25 %");
                    world.attachToTargetGroup("green");
                    ecs.failAtGreenPercent(second, 25);
                    traffic.staleResolvers(2);
                    out.println("   (from now on 2% of clients sit behind resolvers that ignore the TTL: they stay on "
                            + "a side after its weight goes to 0)");
                    rolledBack = deploy(environment, clients, ecs, driving, second);
                    intendedAndObserved(out, rolledBack.record(), environment.clock().instant());
                } catch (DeploymentRefusedException refused) {
                    out.println("demo: a deployment did not end as expected: it was refused: " + refused.getMessage());
                    return ExitCode.FAILURE;
                }

                boolean asExpected = promoted.record().phase() == Phase.PROMOTED
                        && rolledBack.record().phase() == Phase.ROLLED_BACK;
                say(out, "The end");
                out.println("   " + first.deploymentId() + ": " + promoted.record().phase()
                        + " (version 1.1 serves every client)");
                out.println("   " + second.deploymentId() + ": " + rolledBack.record().phase() + " ("
                        + (rolledBack.record().failBack() == null ? "?" : rolledBack.record().failBack().reason())
                        + "; version 1.1 serves every client again)");
                out.println("   reports: " + reports.toAbsolutePath());
                out.println(asExpected ? "demo: both deployments ended as they should"
                        : "demo: a deployment did not end as expected");
                return asExpected ? ExitCode.SUCCESS : ExitCode.FAILURE;
            }
        } finally {
            out.flush();
        }
    }

    /** One deployment with its own progress view and runner, as {@code deploy} would run it. */
    private TickOutcome deploy(CliEnvironment environment, AwsClients clients, PlayedEcs ecs,
                               AtomicReference<CanaryRunner> driving, CanarySpec spec) {
        DriveOptions drive = new DriveOptions();
        drive.report = reports.resolve(spec.deploymentId() + ".html");
        OutputOption text = new OutputOption();
        ProgressView view = drive.view(environment, text);
        try (CanaryRunner runner = drive.runner(environment, clients, spec.stateTable(),
                Approvals.automatic(ApproveOption.AUTO_APPROVER), view, ecs)) {
            driving.set(runner);
            runner.start(spec);
            RunEnding ending = drive.ending(environment, text, view);
            TickOutcome outcome = runner.drive(spec.deploymentId(), ending);
            ending.end(outcome);
            writeRecord(environment, outcome.record());
            return outcome;
        } finally {
            driving.set(null);
        }
    }

    /** Each step's intended green share beside the one the load balancers measured, then the drain check. */
    private static void intendedAndObserved(PrintWriter out, DeploymentRecord record, java.time.Instant now) {
        DeploymentView view = DeploymentView.of(record, now);
        out.println("   intended vs observed green share (trafficShare gate, from the load balancers' RequestCount):");
        for (DeploymentView.StepView step : view.steps()) {
            out.println("     step " + step.number() + ": intended " + Percentages.format(step.requestedPercent())
                    + "%, observed " + observed(step));
        }
        if (view.drain() != null && view.drain().result() != null) {
            out.println("   drain check of " + view.drain().drainedSide() + ": " + view.drain().result().status() + " - "
                    + view.drain().result().message());
        }
    }

    /** The share the step's last traffic-share verdict measured, with its interval; else the latest sample. */
    private static String observed(DeploymentView.StepView step) {
        for (GateEvidence evidence : step.evidence()) {
            Double share = evidence.measured().get("observedGreenPercent");
            if (share != null) {
                Double low = evidence.measured().get("intervalLowPercent");
                Double high = evidence.measured().get("intervalHighPercent");
                return Percentages.format(share) + "%" + (low == null || high == null ? "" : " (95% interval "
                        + Percentages.format(low) + "-" + Percentages.format(high) + "%)") + ", " + evidence.verdict();
            }
        }
        return step.lastObserved().map(s -> Percentages.format(s.observedPercent()) + "% (latest measurement)")
                .orElse(step.outcome() == DeploymentView.StepOutcome.NOT_REACHED ? "not reached" : "not measured");
    }

    /** Beside the report, the final record as {@code status --output json} prints it. */
    private void writeRecord(CliEnvironment environment, DeploymentRecord record) {
        Path file = reports.resolve(record.id() + ".json");
        try {
            Files.createDirectories(reports);
            Files.writeString(file, Json.deployment(record, DeploymentView.of(record, environment.clock().instant()))
                    + System.lineSeparator());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        environment.out().println("   record: " + file);
    }

    private AwsSettings settingsFor(MotoServer moto) {
        return AwsSettings.defaults().withRegion(MotoServer.REGION.id()).withEndpoint(moto.endpoint())
                .withCredentials(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(MotoServer.DUMMY_KEY, MotoServer.DUMMY_KEY)))
                // moto serves CloudWatch over JSON only; the SDK speaks CBOR: the bridge translates.
                .withHttpClient("cloudwatch", new CloudWatchProtocolBridge(UrlConnectionHttpClient.create()));
    }

    private static void say(PrintWriter out, String headline) {
        out.println();
        out.println("== " + headline);
        out.flush();
    }
}
