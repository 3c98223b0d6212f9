package dev.ecscanary.cli.run;

import java.util.concurrent.CompletableFuture;
import dev.ecscanary.spec.OrphanPolicy;
import dev.ecscanary.engine.OrphanWatch;
import dev.ecscanary.cli.progress.ProgressView;
import dev.ecscanary.engine.CanaryEngine;
import dev.ecscanary.engine.DeploymentDriver;
import dev.ecscanary.engine.EnginePorts;
import dev.ecscanary.engine.TickOutcome;
import dev.ecscanary.spec.CanarySpec;
import dev.ecscanary.state.DeploymentRecord;
import dev.ecscanary.state.TaskObservation.ServiceKey;
import java.util.Optional;

/**
 * Runs deployments from this process: an engine acting as this process's driver id over the given
 * ports, and a driver ticking in real time. {@code deploy}, {@code resume} and {@code rollback} use
 * one each; a demo can run several deployments in a row with one.
 */
public final class CanaryRunner implements AutoCloseable {

    private final EnginePorts ports;
    private final CanaryEngine engine;
    private final DriverThreads threads = new DriverThreads();
    private final DeploymentDriver driver;
    private final ProgressView view;
    private final RunnerSettings settings;

    /** @param ports with {@code view} as their listener, and the approvals this run answers with */
    public CanaryRunner(EnginePorts ports, ProgressView view, RunnerSettings settings) {
        this.ports = ports;
        this.view = view;
        this.settings = settings;
        this.engine = new CanaryEngine(ports, settings.engineSettings(), settings.driverId());
        this.driver = threads.driver(engine, settings.clock()).onStoreTrouble(view::note);
        if (ports.approvals() instanceof TerminalApprovals terminal) {
            terminal.whenDecided(driver::wake);
        }
    }

    /** Records the deployment (or finds the same one submitted before); see {@link CanaryEngine#start}. */
    public DeploymentRecord start(CanarySpec spec) {
        return engine.start(spec);
    }

    public Optional<DeploymentRecord> find(String deploymentId) {
        return engine.find(deploymentId);
    }

    /** Asks whoever drives the deployment to fail back now, in the name of this run's person. */
    public DeploymentRecord requestAbort(String deploymentId, String reason) {
        return engine.requestAbort(deploymentId, settings.person(), reason);
    }

    /**
     * Drives the deployment until it is finished or stuck, taking over when another driver's lease
     * expires; an interruption meanwhile fails it back and ends the process through {@code ending}.
     *
     * @return Finished or Stuck
     */
    public TickOutcome drive(String deploymentId, SessionEnding ending) {
        return new DeploymentSession(engine, driver, ports.store(), view, settings, threads.timer())
                .drive(deploymentId, ending);
    }

    /** The watchdog's look through the table (see {@link OrphanWatch}), acting as this runner's driver. */
    public OrphanWatch orphanWatch(OrphanPolicy defaults) {
        return new OrphanWatch(engine, ports.store(), defaults, settings.clock());
    }

    /**
     * Drives a deployment this runner claimed (as a watchdog) in the background, to its end or until
     * it is stuck; no terminal, no interruption handling: if this process dies, another watchdog
     * finds the deployment orphaned again.
     */
    public CompletableFuture<TickOutcome> driveInBackground(String deploymentId) {
        return driver.drive(deploymentId);
    }

    /** A task of this service changed state (a relayed ECS event): look at its deployments now. */
    public void wake(ServiceKey service) {
        driver.wake(service);
    }

    @Override
    public void close() {
        threads.close();
    }
}
