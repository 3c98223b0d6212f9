package dev.ecscanary.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * Everything a canary deployment needs to know before it starts: which records to shift, which
 * service is green, which stacks to apply, the steps, the gates and the timeouts. Built from a
 * YAML file by {@link SpecReader} or from code (the Jenkins step); checked by {@link SpecValidator}
 * before anything runs.
 *
 * <p>String values in {@code dns}, {@code green}, {@code blue} and {@code gates} may reference a
 * stack output as {@code ${OutputName}} or {@code ${stack-name.OutputName}}; they are resolved
 * when the stacks are ready (see {@link OutputReferences}).
 */
@JsonPropertyOrder({"deployment", "stateTable", "region", "dns", "green", "blue", "stacks", "steps", "gates", "timeouts",
        "onOrphan", "onDrift", "drain"})
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CanarySpec(
        @JsonProperty("deployment") String deploymentId,
        String stateTable,
        String region,
        DnsSpec dns,
        ServiceSide green,
        ServiceSide blue,
        List<StackSpec> stacks,
        Steps steps,
        List<GateSpec> gates,
        Timeouts timeouts,
        OrphanPolicy onOrphan,
        OnDrift onDrift,
        DrainSpec drain) {

    public CanarySpec {
        stacks = Lists.copyAllowingNulls(stacks);
        gates = Lists.copyAllowingNulls(gates);
        timeouts = timeouts == null ? Timeouts.DEFAULTS : timeouts;
    }

    /**
     * A spec that leaves what happens to it once orphaned to the watchdog's defaults, and fails back
     * when the records drift.
     */
    public CanarySpec(String deploymentId, String stateTable, String region, DnsSpec dns, ServiceSide green,
                      ServiceSide blue, List<StackSpec> stacks, Steps steps, List<GateSpec> gates, Timeouts timeouts) {
        this(deploymentId, stateTable, region, dns, green, blue, stacks, steps, gates, timeouts, null, null, null);
    }

    /** A spec that checks the drain as the defaults say. */
    public CanarySpec(String deploymentId, String stateTable, String region, DnsSpec dns, ServiceSide green,
                      ServiceSide blue, List<StackSpec> stacks, Steps steps, List<GateSpec> gates, Timeouts timeouts,
                      OrphanPolicy onOrphan, OnDrift onDrift) {
        this(deploymentId, stateTable, region, dns, green, blue, stacks, steps, gates, timeouts, onOrphan, onDrift,
                null);
    }

    /** The drain check: {@code drain}, else {@link DrainSpec#DEFAULTS}. */
    public DrainSpec drainCheck() {
        return drain == null ? DrainSpec.DEFAULTS : drain;
    }

    /** What the deployment does when the records hold other weights than it wrote: {@code onDrift}, else fail back. */
    public OnDrift driftPolicy() {
        return onDrift == null ? OnDrift.DEFAULT : onDrift;
    }

    /** The steps in order, generated ones expanded. */
    public List<StepSpec> resolvedSteps() {
        return steps == null ? List.of() : steps.resolve();
    }

    public CanarySpec withDns(DnsSpec value) {
        return new CanarySpec(deploymentId, stateTable, region, value, green, blue, stacks, steps, gates, timeouts, onOrphan,
                onDrift, drain);
    }

    public CanarySpec withDeploymentId(String id) {
        return new CanarySpec(id, stateTable, region, dns, green, blue, stacks, steps, gates, timeouts, onOrphan,
                onDrift, drain);
    }

    public CanarySpec withStacks(List<StackSpec> value) {
        return new CanarySpec(deploymentId, stateTable, region, dns, green, blue, value, steps, gates, timeouts, onOrphan,
                onDrift, drain);
    }

    public CanarySpec withDrain(DrainSpec value) {
        return new CanarySpec(deploymentId, stateTable, region, dns, green, blue, stacks, steps, gates, timeouts, onOrphan,
                onDrift, value);
    }

    public CanarySpec withSteps(Steps value) {
        return new CanarySpec(deploymentId, stateTable, region, dns, green, blue, stacks, value, gates, timeouts, onOrphan,
                onDrift, drain);
    }
}
