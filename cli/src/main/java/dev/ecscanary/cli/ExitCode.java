package dev.ecscanary.cli;

import dev.ecscanary.engine.TickOutcome;
import dev.ecscanary.view.DeploymentView;

/**
 * What every command's exit code means, whatever the command: scripts and CI branch on these.
 */
public final class ExitCode {

    /** Promoted, or the command did what was asked (plan, status, relay stopped). */
    public static final int SUCCESS = 0;
    /** Anything else, including a fail-back that Route53 did not confirm in time (a person must act). */
    public static final int FAILURE = 1;
    /**
     * Invalid input or usage (the message names the flag or the spec field, and its line), or a
     * deployment that refused to start without changing any weight (green already has traffic, a
     * stack output the spec refers to does not exist).
     */
    public static final int INVALID_INPUT = 2;
    /** The deployment was rolled back: blue serves 100 %. */
    public static final int ROLLED_BACK = 3;

    private ExitCode() {
    }

    /**
     * The code of a deployment that was driven to its end: 3 only when blue really serves 100 %; a
     * deployment that refused to start is refused like any other invalid request.
     *
     * @param view the deployment as the outcome's record shows it
     */
    public static int of(TickOutcome outcome, DeploymentView view) {
        if (!(outcome instanceof TickOutcome.Finished)) {
            // Stuck (fail-back not confirmed) and anything that did not end are failures to look at.
            return FAILURE;
        }
        return switch (view.outcome()) {
            case PROMOTED -> SUCCESS;
            case ROLLED_BACK -> ROLLED_BACK;
            case REFUSED -> INVALID_INPUT;
            case FAILING_BACK, IN_PROGRESS -> FAILURE;
        };
    }
}
