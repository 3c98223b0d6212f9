package dev.ecscanary.port;

import dev.ecscanary.preflight.PreflightReport;
import dev.ecscanary.spec.CanarySpec;
import java.util.List;

/** Checks the live setup a spec names, before a deployment touches anything: {@code ecs-canary preflight}. */
public interface SetupCheck {

    /** Checks nothing: for worlds that have no live setup to look at. */
    SetupCheck NONE = spec -> new PreflightReport(spec.deploymentId(), List.of());

    PreflightReport check(CanarySpec spec);
}
