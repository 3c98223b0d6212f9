package dev.ecscanary.engine;

import dev.ecscanary.engine.CanaryEngine.OrphanClaim;
import dev.ecscanary.port.StateStore;
import dev.ecscanary.port.StateStore.ActiveDeployment;
import dev.ecscanary.spec.OrphanPolicy;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The watchdog's look through the unfinished deployments: each one whose driver is gone (its lease
 * expired more than its policy's grace ago) is claimed by {@link CanaryEngine#claimOrphan}, which
 * fails it back, takes it over, or alerts, as its spec's {@code onOrphan} (else the defaults) says.
 * A deployment whose lease is still valid is not even read. Driving what was claimed is the host's.
 */
public final class OrphanWatch {

    private final CanaryEngine engine;
    private final StateStore store;
    private final OrphanPolicy defaults;
    private final InstantSource clock;

    /** @param defaults both fields set: what to do where a spec does not say */
    public OrphanWatch(CanaryEngine engine, StateStore store, OrphanPolicy defaults, InstantSource clock) {
        this.engine = Objects.requireNonNull(engine, "engine");
        this.store = Objects.requireNonNull(store, "store");
        this.defaults = Objects.requireNonNull(defaults, "defaults");
        if (defaults.after() == null || defaults.action() == null) {
            throw new IllegalArgumentException("the watchdog's defaults need both a grace and an action: " + defaults);
        }
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** One look: what was claimed now (deployments claimed before, and held by this watchdog, are not). */
    public List<OrphanClaim> look() {
        Instant now = clock.instant();
        List<OrphanClaim> claimed = new ArrayList<>();
        for (ActiveDeployment active : store.active()) {
            Instant since = active.unattendedSince();
            if (since == null || now.isBefore(since)) {
                continue;
            }
            engine.claimOrphan(active.deploymentId(), defaults).ifPresent(claimed::add);
        }
        return claimed;
    }
}
