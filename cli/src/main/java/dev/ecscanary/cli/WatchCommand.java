package dev.ecscanary.cli;

import dev.ecscanary.aws.AwsClients;
import dev.ecscanary.aws.AwsPorts;
import dev.ecscanary.cli.progress.ProgressView;
import dev.ecscanary.cli.render.OutcomeText;
import dev.ecscanary.cli.run.CanaryRunner;
import dev.ecscanary.cli.run.RunnerSettings;
import dev.ecscanary.engine.CanaryEngine.OrphanClaim;
import dev.ecscanary.engine.OrphanWatch;
import dev.ecscanary.engine.TickOutcome;
import dev.ecscanary.port.Approvals;
import dev.ecscanary.port.StateStore.StateStoreException;
import dev.ecscanary.spec.Durations;
import dev.ecscanary.spec.OrphanPolicy;
import dev.ecscanary.view.DeploymentView;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import software.amazon.awssdk.core.exception.AbortedException;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.TypeConversionException;

/** {@code ecs-canary watch}: the watchdog that never leaves traffic orphaned. */
@Command(name = "watch", mixinStandardHelpOptions = true,
        description = {"Watch the state table for orphaned deployments, whose driver's lease expired more than a "
                + "grace period ago (a CI agent died, Jenkins is down), and act on each as its spec's onOrphan says, "
                + "else as --after and --action say: fail back to blue 100 / green 0 (the default), resume driving "
                + "it, or only alert. A live driver is never touched, and of several watchdogs only one acts on a "
                + "deployment. Finds unfinished deployments with one Query of the table's 'active' index (no scan).",
            "Runs until stopped (Ctrl-C or SIGTERM), looking every --interval; with --once it looks once, drives "
                + "what it took over to its end, and exits.",
            "Exit code with --once: 0 no orphan, or every one ended promoted (resumed to promotion, or a promoted "
                + "deployment whose drain check the watchdog ended), 3 orphans failed back: blue serves 100%% for "
                + "each, 1 an orphan was only alerted (a person must act) or could not be acted on, 2 invalid input."})
final class WatchCommand implements Callable<Integer> {

    static final Duration MIN_INTERVAL = Duration.ofSeconds(5);

    @ParentCommand
    private EcsCanaryCommand root;

    @Mixin
    private TableOption table;

    @Mixin
    private AwsOptions aws;

    @Option(names = "--once", description = "Look once, finish what was taken over, and exit with a code saying what "
            + "was done.")
    private boolean once;

    @Option(names = "--interval", paramLabel = "DURATION", defaultValue = "1m", converter = DurationConverter.class,
            description = "How often to look (default 1m, at least 5s).")
    private Duration interval;

    @Option(names = "--after", paramLabel = "DURATION", defaultValue = "15m", converter = DurationConverter.class,
            description = "Default grace: a deployment is orphaned once its lease expired this long ago (default "
                    + "15m; a spec's onOrphan.after overrides it).")
    private Duration after;

    @Option(names = "--action", paramLabel = "ACTION", defaultValue = "failBack", converter = ActionConverter.class,
            description = "Default action on an orphan: failBack, resume or alert (default failBack; a spec's "
                    + "onOrphan.action overrides it).")
    private OrphanPolicy.Action action;

    @Option(names = "--lease-duration", paramLabel = "DURATION", defaultValue = "60s",
            converter = DurationConverter.class,
            description = "How long the watchdog's claim on a deployment it took over lasts without renewal (default "
                    + "60s).")
    private Duration leaseDuration;

    @Override
    public Integer call() {
        CliEnvironment environment = root.environment();
        validate();
        String tableName = table.resolve(environment);
        Identity identity = environment.identity();
        String watchdog = "watchdog:" + identity.host() + ":" + identity.pid();
        PrintWriter out = environment.out();
        StopOnSignal signal = new StopOnSignal("ecs-canary-watch-stop");
        try (signal; AwsClients clients = new AwsClients(aws.settings(environment, null));
             ProgressView view = ProgressView.create(out, environment.in(), environment.clock(), watchdog, false, 120);
             CanaryRunner runner = new CanaryRunner(AwsPorts.of(clients, tableName, Approvals.NONE, view,
                     environment.clock()), view, new RunnerSettings(watchdog, identity.person(), leaseDuration,
                     RunnerSettings.DEFAULT_ABORT_WAIT, environment.clock()))) {
            OrphanWatch watch = runner.orphanWatch(new OrphanPolicy(after, action));
            say(out, watchdog + " watches table " + tableName + (once ? " once" : " every " + Durations.format(interval))
                    + ": a deployment whose lease expired more than " + Durations.format(after) + " ago is "
                    + describe(action) + ", unless its spec's onOrphan says otherwise");
            if (once) {
                return lookOnce(watch, runner, environment);
            }
            signal.install();
            do {
                look(watch, runner, environment);
            } while (!signal.await(interval));
            say(out, watchdog + " stops; deployments it was driving are taken over by the next watchdog once its "
                    + "lease expires");
            return ExitCode.SUCCESS;
        } catch (InterruptedException e) {
            signal.uninstall();
            return ExitCode.SUCCESS;
        }
    }

    private void validate() {
        if (interval.compareTo(MIN_INTERVAL) < 0) {
            throw new UsageException("--interval must be at least 5s, was " + Durations.format(interval));
        }
        if (after.isNegative() || after.compareTo(Duration.ofDays(7)) > 0) {
            throw new UsageException("--after must be between 0s and 7d, was " + Durations.format(after));
        }
        if (leaseDuration.compareTo(DriveOptions.MIN_LEASE) < 0) {
            throw new UsageException("--lease-duration must be at least 2s, was " + Durations.format(leaseDuration));
        }
    }

    /** One look, then every deployment taken over driven to its end: the exit code says what was done. */
    private int lookOnce(OrphanWatch watch, CanaryRunner runner, CliEnvironment environment) {
        List<OrphanClaim> claims = watch.look();
        if (claims.isEmpty()) {
            say(environment.out(), "no orphaned deployment");
            return ExitCode.SUCCESS;
        }
        int code = ExitCode.SUCCESS;
        for (OrphanClaim claim : claims) {
            if (!claim.mustBeDriven()) {
                code = worse(code, ExitCode.FAILURE);
                continue;
            }
            TickOutcome outcome = runner.driveInBackground(claim.record().id()).join();
            DeploymentView ended = DeploymentView.of(outcome.record(), environment.clock().instant());
            say(environment.out(), outcomeText(outcome, ended));
            code = worse(code, ExitCode.of(outcome, ended));
        }
        return code;
    }

    /** One look of a watchdog that keeps running: what it takes over is driven in the background. */
    private static void look(OrphanWatch watch, CanaryRunner runner, CliEnvironment environment) {
        List<OrphanClaim> claims;
        try {
            claims = watch.look();
        } catch (RuntimeException e) {
            // A watchdog keeps watching: a table that cannot be read now may be readable at the next look.
            if (interrupted(e)) {
                // Stopped while it looked: the SDK gave up the call; keep the request to stop.
                Thread.currentThread().interrupt();
                return;
            }
            say(environment.err(), "ecs-canary watch: " + (e instanceof StateStoreException ? e.getMessage()
                    : e.toString()) + "; looking again at the next interval");
            return;
        }
        for (OrphanClaim claim : claims) {
            if (claim.mustBeDriven()) {
                runner.driveInBackground(claim.record().id()).whenComplete((outcome, error) -> say(
                        environment.out(), error != null
                                ? "ecs-canary watch: driving " + claim.record().id() + " failed: " + error
                                : outcomeText(outcome, DeploymentView.of(outcome.record(),
                                        environment.clock().instant()))));
            }
        }
    }

    private static String outcomeText(TickOutcome outcome, DeploymentView ended) {
        return OutcomeText.render(ended, outcome instanceof TickOutcome.Stuck stuck ? stuck.reason() : null);
    }

    private static boolean interrupted(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof InterruptedException || t instanceof AbortedException) {
                return true;
            }
        }
        return Thread.currentThread().isInterrupted();
    }

    /** 1 (a person must act) over 3 (rolled back) over 0. */
    private static int worse(int a, int b) {
        return rank(a) >= rank(b) ? a : b;
    }

    private static int rank(int code) {
        return switch (code) {
            case ExitCode.SUCCESS -> 0;
            case ExitCode.ROLLED_BACK -> 1;
            default -> 2;
        };
    }

    private static String describe(OrphanPolicy.Action action) {
        return switch (action) {
            case FAIL_BACK -> "failed back";
            case RESUME -> "taken over and driven on";
            case ALERT -> "only alerted";
        };
    }

    private static void say(PrintWriter out, String line) {
        synchronized (out) {
            out.println(line);
            out.flush();
        }
    }

    /** {@code failBack}, {@code resume} or {@code alert}. */
    static final class ActionConverter implements ITypeConverter<OrphanPolicy.Action> {
        @Override
        public OrphanPolicy.Action convert(String value) {
            try {
                return OrphanPolicy.Action.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
