package dev.ecscanary.cli.run;

import dev.ecscanary.engine.EngineSettings;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Objects;

/**
 * How a command drives deployments.
 *
 * @param driverId      the lease owner this process acts as, {@code cli:host:pid}
 * @param person        in whose name aborts are requested, {@code user@host}
 * @param leaseDuration how long this driver's claim lasts without renewal (a dead CLI's deployment
 *                      can be resumed by another after this)
 * @param abortWait     how long an interrupted command waits for the fail-back it asked for
 */
public record RunnerSettings(String driverId, String person, Duration leaseDuration, Duration abortWait,
                             InstantSource clock) {

    public static final Duration DEFAULT_ABORT_WAIT = Duration.ofSeconds(60);

    public RunnerSettings {
        Objects.requireNonNull(driverId, "driverId");
        Objects.requireNonNull(person, "person");
        Objects.requireNonNull(leaseDuration, "leaseDuration");
        Objects.requireNonNull(abortWait, "abortWait");
        Objects.requireNonNull(clock, "clock");
    }

    EngineSettings engineSettings() {
        EngineSettings d = EngineSettings.DEFAULTS;
        return new EngineSettings(leaseDuration, d.maxConsecutiveErrors(), d.pollMin(), d.pollMax(), d.pollFraction(),
                d.greenPollInterval(), d.approvalPollInterval(), d.retryMax());
    }
}
