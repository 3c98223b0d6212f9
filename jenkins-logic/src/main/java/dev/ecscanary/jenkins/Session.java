package dev.ecscanary.jenkins;

import dev.ecscanary.aws.AwsClients;
import dev.ecscanary.aws.AwsPorts;
import dev.ecscanary.engine.CanaryEngine;
import dev.ecscanary.engine.DeploymentDriver;
import dev.ecscanary.engine.EnginePorts;
import dev.ecscanary.engine.EngineSettings;
import dev.ecscanary.port.Approvals;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import java.time.Duration;
import java.time.InstantSource;
import java.util.function.Function;

/**
 * What a step execution drives with while it runs in this JVM: the AWS clients, the engine acting as
 * the build's lease owner, and a driver. Never persisted: a resumed step opens a new one from its
 * {@link CanaryTarget}. Free of Jenkins types: the host gives it its clients and its driver.
 */
final class Session implements AutoCloseable {

    final CanaryTarget target;
    final CanaryEngine engine;
    final DeploymentDriver driver;
    final BuildLog log;
    private final AutoCloseable resources;

    /** @param resources closed with the session, after the driver stops (the AWS clients) */
    Session(CanaryTarget target, CanaryEngine engine, DeploymentDriver driver, BuildLog log, AutoCloseable resources) {
        this.target = target;
        this.engine = engine;
        this.driver = driver;
        this.log = log;
        this.resources = resources;
    }

    /**
     * @param clients    closed with the session (and if opening fails)
     * @param newDriver  a driver ticking the engine on the host's threads
     */
    static Session open(CanaryTarget target, AwsClients clients, String leaseOwner, @CheckForNull Duration leaseDuration,
                        Approvals approvals, BuildLog log, Function<CanaryEngine, DeploymentDriver> newDriver) {
        try {
            EnginePorts ports = AwsPorts.of(clients, target.stateTable(), approvals, log, InstantSource.system());
            CanaryEngine engine = new CanaryEngine(ports, settings(leaseDuration), leaseOwner);
            DeploymentDriver driver = newDriver.apply(engine).onStoreTrouble(log::note);
            return new Session(target, engine, driver, log, clients);
        } catch (RuntimeException e) {
            clients.close();
            throw e;
        }
    }

    static EngineSettings settings(@CheckForNull Duration leaseDuration) {
        EngineSettings d = EngineSettings.DEFAULTS;
        return leaseDuration == null ? d : new EngineSettings(leaseDuration, d.maxConsecutiveErrors(), d.pollMin(),
                d.pollMax(), d.pollFraction(), d.greenPollInterval(), d.approvalPollInterval(), d.retryMax());
    }

    String deploymentId() {
        return target.deploymentId();
    }

    @Override
    public void close() {
        driver.stop(target.deploymentId());
        try {
            resources.close();
        } catch (Exception e) {
            throw new IllegalStateException("closing the AWS clients of " + target.deploymentId() + " failed", e);
        }
    }
}
