package dev.ecscanary.state;

/**
 * Where a deployment is. The happy path reads top to bottom; every non-terminal phase can go to
 * FAILING_BACK, which ends in ROLLED_BACK. The promotion and a fail-back that moved traffic pass
 * through DRAINING unless the spec turns the drain check off.
 */
public enum Phase {
    /** Recorded, nothing done yet. */
    PENDING("created"),
    /** Creating or updating the stacks, one after the other. */
    DEPLOYING_STACKS("deploying stacks"),
    /** Waiting for green's tasks to run (task events, with polling as a fallback). */
    AWAITING_GREEN("waiting for green to run"),
    /** Green runs; the first step comes next. */
    GREEN_RUNNING("green running"),
    /** Before a step that needs a person's go. */
    AWAITING_APPROVAL("waiting for approval"),
    /** The step's weights are submitted; waiting for Route53 to report them in sync. */
    SHIFTING("shifting traffic"),
    /** Route53 serves the weights; waiting out the TTL so resolvers see them too. */
    SETTLING("waiting for the DNS TTL"),
    /** Clients see the weights; gates run until the bake time has passed. */
    BAKING("baking"),
    /**
     * The outcome is decided (promoted, or failed back) and Route53 serves it: the drained side's
     * load balancer is watched to see whether clients really left it. Ends as that outcome.
     */
    DRAINING("checking that clients left the drained side"),
    /** Green serves 100 %. */
    PROMOTED("promoted"),
    /** Setting blue 100 / green 0 and waiting for Route53 to serve it. */
    FAILING_BACK("failing back"),
    /** Blue serves 100 % again. */
    ROLLED_BACK("rolled back");

    private final String description;

    Phase(String description) {
        this.description = description;
    }

    public boolean isTerminal() {
        return this == PROMOTED || this == ROLLED_BACK;
    }

    /** A few words for people: "waiting for the DNS TTL". */
    public String description() {
        return description;
    }
}
