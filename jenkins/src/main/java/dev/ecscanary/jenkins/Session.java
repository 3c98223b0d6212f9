package dev.ecscanary.jenkins;

import dev.ecscanary.aws.AwsClients;
import dev.ecscanary.aws.AwsPorts;
import dev.ecscanary.engine.CanaryEngine;
import dev.ecscanary.engine.DeploymentDriver;
import dev.ecscanary.engine.EnginePorts;
import dev.ecscanary.engine.EngineSettings;
import dev.ecscanary.port.Approvals;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.AbortException;
import hudson.EnvVars;
import hudson.model.Run;
import java.time.Duration;
import java.time.InstantSource;

/**
 * What a step execution drives with while it runs in this JVM: the AWS clients, the engine acting as
 * the build's lease owner, and a driver on the shared pool and Jenkins' Timer. Never persisted: a
 * resumed step opens a new one from its {@link CanaryTarget}.
 */
final class Session implements AutoCloseable {

    final CanaryTarget target;
    final AwsClients clients;
    final EnginePorts ports;
    final CanaryEngine engine;
    final DeploymentDriver driver;
    final BuildLog log;

    private Session(CanaryTarget target, AwsClients clients, EnginePorts ports, CanaryEngine engine,
                    DeploymentDriver driver, BuildLog log) {
        this.target = target;
        this.clients = clients;
        this.ports = ports;
        this.engine = engine;
        this.driver = driver;
        this.log = log;
    }

    static Session open(CanaryTarget target, String leaseOwner, @CheckForNull Duration leaseDuration,
                        Approvals approvals, BuildLog log, Run<?, ?> run, @CheckForNull EnvVars env)
            throws AbortException {
        AwsClients clients = new AwsClients(AwsAccess.forRun(target, run, env));
        try {
            EnginePorts ports = AwsPorts.of(clients, target.stateTable(), approvals, log, InstantSource.system());
            CanaryEngine engine = new CanaryEngine(ports, settings(leaseDuration), leaseOwner);
            DeploymentDriver driver = CanaryDrivers.get().newDriver(engine).onStoreTrouble(log::note);
            return new Session(target, clients, ports, engine, driver, log);
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
        clients.close();
    }
}
