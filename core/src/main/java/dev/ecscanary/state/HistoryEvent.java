package dev.ecscanary.state;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.annotation.JsonTypeName;
import dev.ecscanary.spec.Weights;
import dev.ecscanary.state.FailBack.Trigger;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What happened, as data: each kind of history entry with its values as fields. The sentence people
 * read is rendered from it ({@link HistoryEntry#text()}), never the other way round. Stored as JSON
 * with its kind in {@code type}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(HistoryEvent.Created.class),
    @JsonSubTypes.Type(HistoryEvent.AbortRequested.class),
    @JsonSubTypes.Type(HistoryEvent.StacksStarted.class),
    @JsonSubTypes.Type(HistoryEvent.StackReady.class),
    @JsonSubTypes.Type(HistoryEvent.TrafficChecked.class),
    @JsonSubTypes.Type(HistoryEvent.StacksReady.class),
    @JsonSubTypes.Type(HistoryEvent.GreenRunning.class),
    @JsonSubTypes.Type(HistoryEvent.StepEntered.class),
    @JsonSubTypes.Type(HistoryEvent.Approved.class),
    @JsonSubTypes.Type(HistoryEvent.WeightsWritten.class),
    @JsonSubTypes.Type(HistoryEvent.Drifted.class),
    @JsonSubTypes.Type(HistoryEvent.DriftEnded.class),
    @JsonSubTypes.Type(HistoryEvent.InSync.class),
    @JsonSubTypes.Type(HistoryEvent.BakeStarted.class),
    @JsonSubTypes.Type(HistoryEvent.Promoted.class),
    @JsonSubTypes.Type(HistoryEvent.FailingBack.class),
    @JsonSubTypes.Type(HistoryEvent.RolledBack.class),
    @JsonSubTypes.Type(HistoryEvent.DrainChecked.class),
    @JsonSubTypes.Type(HistoryEvent.TookOver.class),
    @JsonSubTypes.Type(HistoryEvent.Orphaned.class),
    @JsonSubTypes.Type(HistoryEvent.Alert.class)
})
public sealed interface HistoryEvent {

    /** The deployment was recorded; the entry's weights are the traffic then, null if not readable yet. */
    @JsonTypeName("created")
    record Created() implements HistoryEvent {
    }

    /** Someone asked for a fail-back (the entry's {@code by}). */
    @JsonTypeName("abortRequested")
    record AbortRequested(String reason) implements HistoryEvent {
    }

    /** PENDING to DEPLOYING_STACKS. */
    @JsonTypeName("stacksStarted")
    record StacksStarted(int stacks) implements HistoryEvent {
    }

    @JsonTypeName("stackReady")
    record StackReady(String stack, String status) implements HistoryEvent {
    }

    /** The records could be read at last: green has no traffic (the entry's weights), so {@code nextStack} may change it. */
    @JsonTypeName("trafficChecked")
    record TrafficChecked(String nextStack) implements HistoryEvent {
    }

    /** DEPLOYING_STACKS to AWAITING_GREEN. */
    @JsonTypeName("stacksReady")
    record StacksReady() implements HistoryEvent {
    }

    /** AWAITING_GREEN to GREEN_RUNNING. */
    @JsonTypeName("greenRunning")
    record GreenRunning(int running, int desired, int byEvents, int byPoll, String detail) implements HistoryEvent {
    }

    /** Into a step: AWAITING_APPROVAL when it asks for one, else SHIFTING (the entry's phase). */
    @JsonTypeName("stepEntered")
    record StepEntered(int stepNumber, int stepCount, double percent) implements HistoryEvent {
    }

    /** A person (the entry's {@code by}) approved the step. */
    @JsonTypeName("approved")
    record Approved(int stepNumber, String comment) implements HistoryEvent {
    }

    /** New weights (the entry's) were written to Route53 in one change. */
    @JsonTypeName("weightsWritten")
    record WeightsWritten(String changeId) implements HistoryEvent {
    }

    /**
     * The records hold other weights ({@code found}, the entry's weights) than the deployment last
     * wrote ({@code expected}): someone, or another tool, changed them.
     *
     * @param action what the deployment does about it, by its {@code onDrift}: failBack or alert
     */
    @JsonTypeName("drifted")
    record Drifted(Weights expected, Weights found, String action) implements HistoryEvent {
    }

    /** The records hold what the deployment wrote again (the entry's weights): it carries on. */
    @JsonTypeName("driftEnded")
    record DriftEnded() implements HistoryEvent {
    }

    /** SHIFTING to SETTLING: Route53 serves the change; the TTL is waited out. */
    @JsonTypeName("inSync")
    record InSync(String changeId, Duration ttl) implements HistoryEvent {
    }

    /** SETTLING to BAKING. */
    @JsonTypeName("bakeStarted")
    record BakeStarted(int stepNumber, Duration bake, int gates) implements HistoryEvent {
    }

    /** The last step baked: green serves 100 %. */
    @JsonTypeName("promoted")
    record Promoted() implements HistoryEvent {
    }

    /**
     * Into FAILING_BACK, from {@code from}, because of {@code trigger} (and the entry's {@code by}).
     *
     * @param reason  the reason in a sentence, as the deployment's fail-back keeps it
     * @param details what else was seen (a failed stack's resources, a rejection's comment)
     */
    @JsonTypeName("failingBack")
    record FailingBack(Trigger trigger, Phase from, String reason, List<String> details) implements HistoryEvent {
        public FailingBack {
            details = details == null ? List.of() : List.copyOf(details);
        }
    }

    /** Blue serves 100 % again; {@code trafficMoved} false: no weight was ever written. */
    @JsonTypeName("rolledBack")
    record RolledBack(boolean trafficMoved, String reason) implements HistoryEvent {
    }

    /**
     * The drain check ended (the entry's phase: the deployment's outcome); the whole result is the
     * record's {@code drain}.
     */
    @JsonTypeName("drainChecked")
    record DrainChecked(String drainedSide, DrainResult.Status status, String message) implements HistoryEvent {
    }

    /** The entry's {@code by} took the lease over from another driver whose lease had expired. */
    @JsonTypeName("tookOver")
    record TookOver(String previousOwner, Instant expiredAt) implements HistoryEvent {
    }

    /**
     * The entry's {@code by}, a watchdog, found the deployment orphaned and acted by its policy.
     *
     * @param previousOwner     whose lease expired; null if no driver ever held one
     * @param unattendedSince   when that lease expired (or the record was last written, without one)
     * @param action            failBack, resume or alert
     */
    @JsonTypeName("orphaned")
    record Orphaned(String previousOwner, Instant unattendedSince, Duration grace, String action)
            implements HistoryEvent {
    }

    /** Something a person must look at now. */
    @JsonTypeName("alert")
    record Alert(String message) implements HistoryEvent {
    }
}
