package dev.ecscanary.engine;

import dev.ecscanary.engine.Exceptions.DeploymentConflictException;
import dev.ecscanary.engine.Exceptions.DeploymentRefusedException;
import dev.ecscanary.engine.Exceptions.UnknownDeploymentException;
import dev.ecscanary.port.Approvals.ApprovalDecision;
import dev.ecscanary.port.Approvals.ApprovalRequest;
import dev.ecscanary.port.BusyException;
import dev.ecscanary.port.Gate.GateContext;
import dev.ecscanary.judge.DrainJudge;
import dev.ecscanary.port.GreenReadiness.ServiceSnapshot;
import dev.ecscanary.port.StackOperator.StackProgress;
import dev.ecscanary.port.StackOperator.StackRequest;
import dev.ecscanary.port.StateStore;
import dev.ecscanary.port.StateStore.DeploymentExistsException;
import dev.ecscanary.port.StateStore.StateStoreException;
import dev.ecscanary.port.WeightsDriftedException;
import dev.ecscanary.preflight.PreflightCheck;
import dev.ecscanary.preflight.PreflightReport;
import dev.ecscanary.spec.Bake;
import dev.ecscanary.spec.CanarySpec;
import dev.ecscanary.spec.DnsSpec;
import dev.ecscanary.spec.Durations;
import dev.ecscanary.spec.DrainSpec;
import dev.ecscanary.spec.GateSpec;
import dev.ecscanary.spec.OnDrift;
import dev.ecscanary.spec.OrphanPolicy;
import dev.ecscanary.spec.OutputReferences;
import dev.ecscanary.spec.Percentages;
import dev.ecscanary.spec.ServiceSide;
import dev.ecscanary.spec.SpecValidator;
import dev.ecscanary.spec.StackSpec;
import dev.ecscanary.spec.StepSpec;
import dev.ecscanary.spec.Weights;
import dev.ecscanary.state.AbortRequest;
import dev.ecscanary.state.DeploymentRecord;
import dev.ecscanary.state.Drain;
import dev.ecscanary.state.DrainResult;
import dev.ecscanary.state.Drift;
import dev.ecscanary.state.FailBack;
import dev.ecscanary.state.FailBack.Trigger;
import dev.ecscanary.state.GateEvidence;
import dev.ecscanary.state.GateStatus;
import dev.ecscanary.state.GreenStatus;
import dev.ecscanary.state.HistoryEntry;
import dev.ecscanary.state.HistoryEvent;
import dev.ecscanary.state.HistoryEvent.AbortRequested;
import dev.ecscanary.state.HistoryEvent.Alert;
import dev.ecscanary.state.HistoryEvent.Approved;
import dev.ecscanary.state.HistoryEvent.BakeStarted;
import dev.ecscanary.state.HistoryEvent.Created;
import dev.ecscanary.state.HistoryEvent.DrainChecked;
import dev.ecscanary.state.HistoryEvent.DriftEnded;
import dev.ecscanary.state.HistoryEvent.Drifted;
import dev.ecscanary.state.HistoryEvent.FailingBack;
import dev.ecscanary.state.HistoryEvent.GreenRunning;
import dev.ecscanary.state.HistoryEvent.InSync;
import dev.ecscanary.state.HistoryEvent.Orphaned;
import dev.ecscanary.state.HistoryEvent.Promoted;
import dev.ecscanary.state.HistoryEvent.RolledBack;
import dev.ecscanary.state.HistoryEvent.StackReady;
import dev.ecscanary.state.HistoryEvent.StacksReady;
import dev.ecscanary.state.HistoryEvent.StacksStarted;
import dev.ecscanary.state.HistoryEvent.StepEntered;
import dev.ecscanary.state.HistoryEvent.TrafficChecked;
import dev.ecscanary.state.HistoryEvent.WeightsWritten;
import dev.ecscanary.state.Lease;
import dev.ecscanary.state.Phase;
import dev.ecscanary.state.TaskObservation;
import dev.ecscanary.state.TaskObservation.ServiceKey;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The deployment state machine. {@link #tick} reads the persisted deployment, performs at most one
 * idempotent action, persists what happened and says when to tick again; hosts decide how to wait.
 * A crash at any point is handled by ticking again, from any driver, once the lease allows.
 *
 * <p>The phases, in the order a deployment meets them, are handled below in that order:
 * PENDING, DEPLOYING_STACKS, AWAITING_GREEN, GREEN_RUNNING, then per step AWAITING_APPROVAL
 * (when the step asks for it), SHIFTING, SETTLING, BAKING, and finally PROMOTED; from any of them,
 * FAILING_BACK and ROLLED_BACK; both outcomes through DRAINING, the check that clients left the
 * side that now has weight 0.
 */
public final class CanaryEngine {

    /**
     * How often a deployment held for drift reads the records again, to see whether a person
     * restored them: each look is a read of the account's shared Route53 budget.
     */
    static final Duration DRIFT_LOOK_INTERVAL = Duration.ofSeconds(30);

    /**
     * How far before the change the drain check looks for any traffic at all: without any, there is
     * no drain to verify, and the deployment ends at once.
     */
    static final Duration TRAFFIC_LOOKBACK = Duration.ofMinutes(10);

    private final EnginePorts ports;
    private final EngineSettings settings;
    private final String driver;
    private final RecordWriter writer;

    /** @param driver who this engine acts as: the lease owner, e.g. {@code cli:host:pid} */
    public CanaryEngine(EnginePorts ports, EngineSettings settings, String driver) {
        this.ports = Objects.requireNonNull(ports, "ports");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.driver = Objects.requireNonNull(driver, "driver");
        this.writer = new RecordWriter(ports.store(), ports.listener(), settings, driver);
    }

    public String driver() {
        return driver;
    }

    public Optional<DeploymentRecord> find(String deploymentId) {
        return ports.store().load(deploymentId);
    }

    public DeploymentRecord load(String deploymentId) {
        return find(deploymentId).orElseThrow(() -> new UnknownDeploymentException(deploymentId));
    }

    /**
     * Records a new deployment in PENDING, exactly once. Submitting the same spec again returns the
     * existing deployment (to resume or report it); another spec under the same id is refused. When
     * the records can be read, the deployment starts only if green has no traffic; and only if the
     * check of the live setup ({@code ecs-canary preflight}) finds no problem.
     */
    public DeploymentRecord start(CanarySpec spec) {
        SpecValidator.validate(spec);
        String digest = SpecDigest.of(spec);
        Optional<DeploymentRecord> existing = find(spec.deploymentId());
        if (existing.isPresent()) {
            return resubmitted(existing.get(), digest);
        }
        Instant now = now();
        Weights current = null;
        if (OutputReferences.dnsIsConcrete(spec)) {
            current = ports.router().currentWeights(spec.dns());
            if (!current.isAllBlue()) {
                throw new DeploymentRefusedException(greenHasTraffic(spec.dns(), current));
            }
        }
        PreflightReport preflight = ports.setupCheck().check(spec);
        if (preflight.hasProblems()) {
            throw new DeploymentRefusedException(notReady(preflight));
        }
        HistoryEntry created = new HistoryEntry(now, Phase.PENDING, -1, current, driver, new Created());
        DeploymentRecord record = DeploymentRecord.created(spec, digest, current, now, created);
        try {
            ports.store().create(record);
        } catch (DeploymentExistsException raced) {
            return resubmitted(load(spec.deploymentId()), digest);
        }
        ports.listener().onHistory(record, created);
        return record;
    }

    private static DeploymentRecord resubmitted(DeploymentRecord existing, String digest) {
        if (!existing.specDigest().equals(digest)) {
            throw new DeploymentConflictException(existing.id());
        }
        return existing;
    }

    private static String notReady(PreflightReport preflight) {
        return "the live setup is not ready (" + preflight.summary() + "; 'ecs-canary preflight' lists every "
                + "check): " + preflight.checks().stream().filter(c -> c.outcome() == PreflightCheck.Outcome.PROBLEM)
                .map(c -> c.check() + " (" + c.subject() + "): expected " + c.expected() + "; found " + c.found())
                .collect(java.util.stream.Collectors.joining("; "));
    }

    /** @param dns the records as far as they are resolved: the set identifier people know it by */
    private static String greenHasTraffic(DnsSpec dns, Weights current) {
        return "green record '" + dns.greenSetIdentifier() + "' already receives "
                + Percentages.format(current.greenPercent()) + "% of traffic (" + current + "). A canary starts from "
                + "blue 100 / green 0: if the last deployment promoted green, deploy to the idle side by swapping "
                + "blue and green in the spec";
    }

    /**
     * Asks the lease holder to fail back now. Any phase can be aborted; a fail-back that is already
     * overdue gets a fresh deadline, so asking again retries it.
     */
    public DeploymentRecord requestAbort(String deploymentId, String by, String reason) {
        while (true) {
            DeploymentRecord record = load(deploymentId);
            Instant now = now();
            DeploymentRecord.Builder next = record.toBuilder();
            if (record.isFinished() || (record.abort() != null && !isOverdue(record))) {
                return record;
            }
            if (isOverdue(record)) {
                next.phase(Phase.FAILING_BACK, now, now.plus(record.spec().timeouts().failBack()))
                        .failBack(new FailBack(record.failBack().trigger(), record.failBack().reason(), now, 0, false));
            }
            next.abort(new AbortRequest(by, reason, now))
                    .record(entry(record, record.phase(), by, now, new AbortRequested(reason)));
            Optional<DeploymentRecord> written = writer.write(record, next.build(now));
            if (written.isPresent()) {
                return written.get();
            }
            // Someone else wrote in between: read again and re-apply the request.
        }
    }

    /**
     * The watchdog's one move on a deployment it found orphaned (its lease expired more than its
     * policy's grace ago, or, never leased, it was last written that long ago), in one conditional
     * write: of two watchdogs only one acts, and a driver that renewed its lease in time is never
     * touched. FAIL_BACK takes the lease and records an abort request (ticking then fails it back);
     * RESUME takes the lease (ticking then drives it on); ALERT records that it is orphaned, once
     * per orphaning, and takes nothing. Each records an {@code orphaned} entry: who acted and why.
     *
     * @param defaults what the watchdog does where the spec's {@code onOrphan} does not say
     * @return the record as written and the policy it followed; empty when it is finished, not
     *         orphaned (any more), or already alerted for this orphaning
     */
    public Optional<OrphanClaim> claimOrphan(String deploymentId, OrphanPolicy defaults) {
        while (true) {
            Optional<DeploymentRecord> found = find(deploymentId);
            if (found.isEmpty() || found.get().isFinished()) {
                return Optional.empty();
            }
            DeploymentRecord record = found.get();
            OrphanPolicy policy = record.spec().onOrphan() == null ? defaults : record.spec().onOrphan().orElse(defaults);
            Duration grace = policy.after();
            OrphanPolicy.Action action = policy.action();
            Instant now = now();
            StateStore.ActiveDeployment seen = StateStore.ActiveDeployment.of(record);
            Instant since = seen.unattendedSince();
            if (since == null || now.isBefore(since.plus(grace))
                    || (action == OrphanPolicy.Action.ALERT && alreadyAlerted(record, since))) {
                return Optional.empty();
            }
            HistoryEntry orphaned = entry(record, record.phase(), driver, now,
                    new Orphaned(seen.leaseOwner(), since, grace, action.yamlName()));
            Optional<DeploymentRecord> written = switch (action) {
                case FAIL_BACK -> writer.takeLease(record, now, next -> {
                    next.record(orphaned);
                    return record.abort() != null || record.phase() == Phase.FAILING_BACK ? next
                            : next.abort(new AbortRequest(driver, orphaned.text(), now))
                                    .record(entry(record, record.phase(), driver, now,
                                            new AbortRequested(record.phase() == Phase.DRAINING
                                                    ? "orphaned: the watchdog ends its drain check (its outcome is "
                                                    + "decided)" : "orphaned: the watchdog fails it back")));
                });
                case RESUME -> writer.takeLease(record, now, next -> next.record(orphaned));
                case ALERT -> writer.write(record, record.toBuilder().record(orphaned).build(now));
            };
            if (written.isPresent()) {
                if (action == OrphanPolicy.Action.ALERT) {
                    ports.listener().onAlert(written.get(), orphaned.text());
                }
                return Optional.of(new OrphanClaim(written.get(), policy));
            }
            // Another writer came first (a watchdog, a returning driver): look again.
        }
    }

    /** What {@link #claimOrphan} did: the deployment as written, and the policy it followed. */
    public record OrphanClaim(DeploymentRecord record, OrphanPolicy policy) {

        /** Whether the watchdog now holds the deployment and must drive it (fail back, or on). */
        public boolean mustBeDriven() {
            return policy.action() != OrphanPolicy.Action.ALERT;
        }
    }

    /** An ALERT is recorded once per orphaning: per expired lease (or last write, without one). */
    private static boolean alreadyAlerted(DeploymentRecord record, Instant since) {
        return record.history().stream()
                .anyMatch(e -> e.event() instanceof Orphaned o && since.equals(o.unattendedSince()));
    }

    private static boolean isOverdue(DeploymentRecord record) {
        return record.phase() == Phase.FAILING_BACK && record.failBack() != null && record.failBack().overdue();
    }

    /** Reads the deployment, does at most one thing, persists, and says what to do next. */
    public TickOutcome tick(String deploymentId) {
        Instant now = now();
        DeploymentRecord record = load(deploymentId);
        if (record.isFinished()) {
            return new TickOutcome.Finished(record);
        }
        Lease lease = record.lease();
        if (lease != null && !lease.isHeldBy(driver) && lease.isValidAt(now)) {
            return new TickOutcome.Held(record, lease);
        }
        if (lease == null || !lease.isHeldBy(driver)) {
            Optional<DeploymentRecord> taken = writer.takeLease(record, now);
            if (taken.isEmpty()) {
                return new TickOutcome.Waiting(record, now, "another writer changed the deployment; reading it again");
            }
            record = taken.get();
        }
        Decision decision;
        try {
            decision = decide(record, now);
        } catch (StateStoreException e) {
            throw e;
        } catch (BusyException e) {
            decision = Decision.waitUntil(now.plus(settings.pollMax()), "busy, trying again shortly: " + e.getMessage());
        } catch (RuntimeException e) {
            decision = onError(record, now, e);
        }
        return conclude(record, decision, now);
    }

    // ---------------------------------------------------------------------------------------------
    // The state machine, phase by phase.
    // ---------------------------------------------------------------------------------------------

    private Decision decide(DeploymentRecord r, Instant now) {
        if (r.abort() != null && r.phase() != Phase.FAILING_BACK && r.phase() != Phase.DRAINING) {
            AbortRequest abort = r.abort();
            return failBack(r, now, Trigger.ABORTED, "aborted by " + abort.by() + ": " + abort.reason(), abort.by());
        }
        return switch (r.phase()) {
            case PENDING -> begin(r, now);
            case DEPLOYING_STACKS -> deployStacks(r, now);
            case AWAITING_GREEN -> awaitGreen(r, now);
            case GREEN_RUNNING -> enterStep(r, 0, now, List.of());
            case AWAITING_APPROVAL -> awaitApproval(r, now);
            case SHIFTING -> shift(r, now);
            case SETTLING -> settle(r, now);
            case BAKING -> bake(r, now);
            case FAILING_BACK -> failingBack(r, now);
            case DRAINING -> drain(r, now);
            case PROMOTED, ROLLED_BACK -> throw new IllegalStateException("a finished deployment has nothing to do");
        };
    }

    /** PENDING: start on the stacks. */
    private Decision begin(DeploymentRecord r, Instant now) {
        return Decision.proceed(transition(r, Phase.DEPLOYING_STACKS, now, now.plus(r.spec().timeouts().stacks()),
                new StacksStarted(r.spec().stacks().size())));
    }

    /** DEPLOYING_STACKS: apply each stack in turn; outputs of earlier stacks feed later ones. */
    private Decision deployStacks(DeploymentRecord r, Instant now) {
        List<StackSpec> stacks = r.spec().stacks();
        if (r.stackIndex() >= stacks.size()) {
            return stacksReady(r, now);
        }
        StackSpec stack = stacks.get(r.stackIndex());
        if (r.weights() == null) {
            Optional<DnsSpec> dns = OutputReferences.resolveDns(r.spec(), r.stackOutputs());
            if (dns.isPresent()) {
                return checkGreenHasNoTraffic(r, now, dns.get(), stack);
            }
        }
        if (pastDeadline(r, now)) {
            return failBack(r, now, Trigger.TIMEOUT, "stack " + stack.name() + " was not ready within "
                    + Durations.format(r.spec().timeouts().stacks()), driver);
        }
        StackProgress progress = ports.stacks().apply(new StackRequest(r.id(), stack, r.stackOutputs()));
        if (progress instanceof StackProgress.InProgress inProgress) {
            return Decision.waitUntil(now.plus(pollAfter(r, now)), "stack " + stack.name() + ": " + inProgress.status());
        }
        if (progress instanceof StackProgress.Failed failed) {
            return failBack(r, now, Trigger.STACK_FAILED, "stack " + stack.name() + " failed: " + failed.status(),
                    driver, List.of(), failed.failures());
        }
        StackProgress.Ready ready = (StackProgress.Ready) progress;
        Map<String, String> outputs = new HashMap<>(r.stackOutputs());
        ready.outputs().forEach((name, value) -> {
            outputs.put(name, value);
            outputs.put(stack.name() + "." + name, value);
        });
        return Decision.proceed(r.toBuilder().stackIndex(r.stackIndex() + 1).stackOutputs(outputs)
                .record(entry(r, r.phase(), driver, now, new StackReady(stack.name(), ready.status()))));
    }

    /**
     * The first time the records can be read (a first deployment creates them with its setup
     * stack), before any later stack may change green: green must have no traffic.
     */
    private Decision checkGreenHasNoTraffic(DeploymentRecord r, Instant now, DnsSpec dns, StackSpec next) {
        Weights current = ports.router().currentWeights(dns);
        if (!current.isAllBlue()) {
            Decision refused = failBack(r, now, Trigger.PRECONDITION, greenHasTraffic(dns, current), driver);
            // The records as found, so that every screen names them as Route53 does.
            refused.changes().weights(current).spec(r.spec().withDns(dns));
            return refused;
        }
        return Decision.proceed(r.toBuilder().weights(current).record(new HistoryEntry(now, r.phase(), r.step(), current,
                driver, new TrafficChecked(next.name()))));
    }

    /**
     * All stacks are ready: resolve the spec's references to their outputs, and make sure green
     * still has no traffic (nobody shifted it while the stacks ran).
     */
    private Decision stacksReady(DeploymentRecord r, Instant now) {
        CanarySpec resolved;
        try {
            resolved = OutputReferences.resolve(r.spec(), r.stackOutputs());
        } catch (OutputReferences.UnresolvedReferenceException e) {
            return failBack(r, now, Trigger.PRECONDITION, e.getMessage(), driver);
        }
        Weights current = ports.router().currentWeights(resolved.dns());
        if (!current.isAllBlue()) {
            Decision refused = failBack(r, now, Trigger.PRECONDITION, greenHasTraffic(resolved.dns(), current), driver);
            refused.changes().spec(resolved).weights(current);
            return refused;
        }
        return Decision.proceed(transition(r, Phase.AWAITING_GREEN, now, now.plus(resolved.timeouts().greenRunning()),
                new StacksReady())
                .spec(resolved).weights(current).green(GreenStatus.UNKNOWN));
    }

    /**
     * AWAITING_GREEN: relayed task events wake the host at once; the service is polled now and then
     * in case events are lost or late. Green runs when enough tasks of its current task definition
     * run, by either account.
     */
    private Decision awaitGreen(DeploymentRecord r, Instant now) {
        GreenStatus known = r.green();
        if (pastDeadline(r, now)) {
            return failBack(r, now, Trigger.TIMEOUT, "green did not run within "
                    + Durations.format(r.spec().timeouts().greenRunning()) + ": " + describe(known), driver);
        }
        GreenStatus status = known;
        boolean pollDue = known.polledAt() == null || !now.isBefore(known.polledAt().plus(settings.greenPollInterval()));
        if (pollDue) {
            ServiceSnapshot snapshot = ports.readiness().poll(r.spec().green());
            if (snapshot.rolloutFailed()) {
                return failBack(r, now, Trigger.ERROR, "ECS rolled green back: " + snapshot.detail(), driver);
            }
            status = new GreenStatus(snapshot.desiredCount(), snapshot.runningCount(), 0, snapshot.taskDefinition(),
                    now, snapshot.detail());
        }
        status = new GreenStatus(status.desiredCount(), status.runningByPoll(), runningByEvents(r, status),
                status.taskDefinition(), status.polledAt(), status.detail());
        if (status.isReady()) {
            return Decision.proceed(transition(r, Phase.GREEN_RUNNING, now, null, new GreenRunning(status.running(),
                    status.desiredCount(), status.runningByEvent(), status.runningByPoll(), status.detail())).green(status));
        }
        Instant nextPoll = BakeGates.earliest(status.polledAt().plus(settings.greenPollInterval()), r.deadline());
        String reason = "waiting for green: " + describe(status);
        return status.equals(known) ? Decision.waitUntil(nextPoll, reason)
                : Decision.waitUntil(r.toBuilder().green(status), nextPoll, reason);
    }

    private int runningByEvents(DeploymentRecord r, GreenStatus status) {
        ServiceKey service = ServiceKey.of(r.spec().green().cluster(), r.spec().green().service());
        return (int) ports.store().observations(service).stream()
                .filter(TaskObservation::isRunning)
                .filter(t -> status.taskDefinition() == null || status.taskDefinition().equals(t.taskDefinitionArn()))
                .count();
    }

    private static String describe(GreenStatus status) {
        return status.running() + "/" + status.desiredCount() + " tasks running (events " + status.runningByEvent()
                + ", poll " + status.runningByPoll() + ")" + (status.detail() == null ? "" : "; " + status.detail());
    }

    /** Into step {@code index}: ask for approval if it needs it, else shift; past the last, promote. */
    private Decision enterStep(DeploymentRecord r, int index, Instant now, List<GateEvidence> evidence) {
        List<StepSpec> steps = r.steps();
        if (index >= steps.size()) {
            return decided(r, now, Phase.PROMOTED, lastInSync(r), new Promoted(), evidence);
        }
        StepSpec step = steps.get(index);
        StepEntered entered = new StepEntered(index + 1, steps.size(), step.percent());
        Phase next = step.needsApproval() ? Phase.AWAITING_APPROVAL : Phase.SHIFTING;
        Instant deadline = now.plus(step.needsApproval() ? r.spec().timeouts().approval() : r.spec().timeouts().sync());
        return Decision.proceed(r.toBuilder().phase(next, now, deadline).step(index)
                .record(new HistoryEntry(now, next, index, r.weights(), driver, entered, evidence)));
    }

    /** AWAITING_APPROVAL: a person's go shifts; a no fails back; silence until the deadline fails back. */
    private Decision awaitApproval(DeploymentRecord r, Instant now) {
        int stepNumber = r.step() + 1;
        if (pastDeadline(r, now)) {
            return failBack(r, now, Trigger.TIMEOUT, "no decision on step " + stepNumber + " within "
                    + Durations.format(r.spec().timeouts().approval()), driver);
        }
        Optional<ApprovalDecision> decision = ports.approvals().decision(r.id(), r.step());
        if (decision.isEmpty()) {
            ports.approvals().request(new ApprovalRequest(r.id(), r.step(), stepNumber, r.steps().size(),
                    weightsOf(r.currentStep()), r.deadline()));
            return Decision.waitUntil(BakeGates.earliest(now.plus(settings.approvalPollInterval()), r.deadline()),
                    "waiting for approval of step " + stepNumber + "/" + r.steps().size() + " ("
                            + Percentages.format(r.currentStep().percent()) + "% green)");
        }
        ApprovalDecision answer = decision.get();
        if (!answer.approved()) {
            return failBack(r, now, Trigger.REJECTED, "step " + stepNumber + " rejected by " + answer.by(), answer.by(),
                    List.of(), answer.comment() == null ? List.of() : List.of(answer.comment()));
        }
        return Decision.proceed(r.toBuilder().phase(Phase.SHIFTING, now, now.plus(r.spec().timeouts().sync()))
                .record(entry(r, Phase.SHIFTING, answer.by(), now, new Approved(stepNumber, answer.comment()))));
    }

    /**
     * SHIFTING: swap the weights last written for the step's in one change, then wait for Route53 to
     * serve them. Records that hold other weights have drifted: no write.
     */
    private Decision shift(DeploymentRecord r, Instant now) {
        if (r.changeId() == null) {
            Weights target = weightsOf(r.currentStep());
            String change;
            try {
                change = ports.router().setWeights(r.spec().dns(), r.weights(), target);
            } catch (WeightsDriftedException drifted) {
                if (!drifted.found().equals(target)) {
                    return drifted(r, now, drifted.found());
                }
                // Our own write whose record was lost (the driver stopped between writing and saving it):
                // writing the same weights again gives a change to follow.
                change = ports.router().setWeights(r.spec().dns(), target, target);
            }
            DeploymentRecord.Builder next = r.toBuilder();
            if (r.drift() != null) {
                next.record(entry(r, Phase.SHIFTING, driver, now, new DriftEnded()))
                        .phase(Phase.SHIFTING, now, now.plus(r.spec().timeouts().sync()));
            }
            return Decision.waitUntil(next.weights(target).changeId(change)
                            .record(new HistoryEntry(now, Phase.SHIFTING, r.step(), target, driver,
                                    new WeightsWritten(change))),
                    now.plus(firstSyncPoll(r)), "waiting for Route53 change " + change + " to be in sync");
        }
        SyncLooks looks = syncLooks(r);
        if (looks != null && !looks.dueAt(now)) {
            return Decision.waitUntil(looks.after(now), "Route53 change " + r.changeId() + " is expected in sync by "
                    + "then");
        }
        if (ports.router().isInSync(r.changeId())) {
            Duration ttl = ttlOf(r);
            Instant settled = now.plus(ttl);
            return Decision.waitUntil(transition(r, Phase.SETTLING, now, null, new InSync(r.changeId(), ttl))
                    .waitUntil(settled), settled, "waiting for the DNS TTL");
        }
        if (pastDeadline(r, now)) {
            return failBack(r, now, Trigger.TIMEOUT, "Route53 change " + r.changeId() + " was not in sync within "
                    + Durations.format(r.spec().timeouts().sync()), driver);
        }
        return Decision.waitUntil(nextSyncLook(r, now), "Route53 change " + r.changeId() + " pending");
    }

    private Duration ttlOf(DeploymentRecord r) {
        Duration override = r.spec().dns().ttl();
        return override != null ? override : ports.router().ttl(r.spec().dns());
    }

    /** SETTLING: resolvers may serve the old weights until the TTL has passed. Then bake. */
    private Decision settle(DeploymentRecord r, Instant now) {
        if (now.isBefore(r.waitUntil())) {
            return Decision.waitUntil(r.waitUntil(), "waiting for the DNS TTL");
        }
        Instant bakeUntil = now.plus(r.currentStep().bake());
        List<GateStatus> gates = BakeGates.start(r.spec().gates(), now, bakeUntil);
        Instant undecidedUntil = now.plus(r.currentStep().bakeTime().longest(r.spec().timeouts().gateHold()));
        return Decision.proceed(transition(r, Phase.BAKING, now, undecidedUntil,
                new BakeStarted(r.step() + 1, r.currentStep().bake(), gates.size()))
                .waitUntil(bakeUntil).gates(gates));
    }

    /**
     * BAKING: run the gates that are due. A gate at its failure threshold fails back at once; the
     * step passes when the bake time is over and every gate passed at its end; inconclusive gates
     * hold the step until the deadline.
     */
    private Decision bake(DeploymentRecord r, Instant now) {
        List<GateSpec> gates = r.spec().gates();
        boolean evaluated = BakeGates.anyDue(r.gates(), now);
        DeploymentRecord current = r;
        if (evaluated) {
            GateContext context = new GateContext(r.id(), r.step() + 1, r.weights(), r.phaseStartedAt(), now);
            current = r.withGates(BakeGates.evaluateDue(gates, r.gates(), g -> ports.gates().create(g, r.spec()),
                    context, r.waitUntil()));
        }
        Decision decision = bakeDecision(current, now);
        if (evaluated && decision instanceof Decision.Wait wait && wait.changes() == null) {
            // Nothing else changed: the evaluations alone are kept.
            decision = Decision.waitUntil(current.toBuilder(), wait.until(), wait.reason());
        }
        decision = decision.withGatesEvaluated(evaluated);
        if (evaluated && decision.changes() != null) {
            BakeGates.observedShares(current.gates(), now, current.step(), current.weights())
                    .forEach(decision.changes()::sample);
        }
        return decision;
    }

    private Decision bakeDecision(DeploymentRecord r, Instant now) {
        int stepNumber = r.step() + 1;
        List<GateStatus> statuses = r.gates();
        List<String> failed = BakeGates.failed(r.spec().gates(), statuses);
        if (!failed.isEmpty()) {
            return failBack(r, now, Trigger.GATE_FAILED, "gate " + String.join(", ", failed) + " failed at step "
                    + stepNumber, driver, BakeGates.evidence(statuses), List.of());
        }
        boolean bakeOver = !now.isBefore(r.waitUntil());
        if (bakeOver && BakeGates.allPassedSince(statuses, r.waitUntil())) {
            return stepPassed(r, now, BakeGates.evidence(statuses));
        }
        if (bakeOver && pastDeadline(r, now)) {
            Bake bake = r.currentStep().bakeTime();
            String when = bake.max() != null ? "within the longest bake of step " + stepNumber + " ("
                    + Durations.format(bake.max()) + ")"
                    : Durations.format(r.spec().timeouts().gateHold()) + " after the bake of step " + stepNumber;
            return failBack(r, now, Trigger.TIMEOUT, "gates still not passing " + when, driver,
                    BakeGates.evidence(statuses), List.of());
        }
        Instant wake = BakeGates.earliest(BakeGates.nextDue(statuses, bakeOver ? r.deadline() : r.waitUntil()),
                r.deadline());
        String reason = bakeOver ? "holding step " + stepNumber + " until every gate passes"
                : "baking step " + stepNumber + " until " + r.waitUntil();
        return Decision.waitUntil(wake, reason);
    }

    /**
     * The step passed. Unless its next step shifts at once (whose compare-and-swap finds any drift),
     * the records are compared with the weights written, so that drift is found before promoting or
     * waiting for approval; and while the deployment is held for drift, until they match again.
     */
    private Decision stepPassed(DeploymentRecord r, Instant now, List<GateEvidence> evidence) {
        int next = r.step() + 1;
        boolean shiftsAtOnce = next < r.steps().size() && !r.steps().get(next).needsApproval();
        if (!shiftsAtOnce || r.drift() != null) {
            Weights live = ports.router().currentWeights(r.spec().dns());
            if (!live.equals(r.weights())) {
                return drifted(r, now, live);
            }
            if (r.drift() != null) {
                return Decision.proceed(r.toBuilder().drift(null)
                        .record(entry(r, r.phase(), driver, now, new DriftEnded())));
            }
        }
        return enterStep(r, next, now, evidence);
    }

    /**
     * The records hold {@code found}, not the weights this deployment wrote: someone changed them.
     * Shifting stops and a person is alerted; then, by the spec's {@code onDrift}, it fails back from
     * what is there, or waits for a person, who restores the weights (it carries on) or rolls back;
     * nobody acting within {@code timeouts.approval} fails back.
     */
    private Decision drifted(DeploymentRecord r, Instant now, Weights found) {
        Drift held = r.drift();
        String records = "the records of " + r.spec().dns().recordName();
        if (held != null && held.found().equals(found)) {
            if (!now.isBefore(held.holdUntil())) {
                return failBack(r, r.toBuilder().weights(found), now, Trigger.DRIFT, records + " still held " + found
                        + ", not " + r.weights() + ", " + Durations.format(r.spec().timeouts().approval())
                        + " after they drifted; nobody restored them or rolled back", driver, List.of(), List.of());
            }
            return Decision.waitUntil(BakeGates.earliest(now.plus(DRIFT_LOOK_INTERVAL), held.holdUntil()),
                    heldReason(r, found));
        }
        OnDrift policy = r.spec().driftPolicy();
        HistoryEntry seen = new HistoryEntry(now, r.phase(), r.step(), found, driver,
                new Drifted(r.weights(), found, policy.yamlName()));
        if (policy == OnDrift.FAIL_BACK) {
            return failBack(r, r.toBuilder().record(seen).weights(found), now, Trigger.DRIFT, records + " held " + found
                    + ", not " + r.weights() + " as this deployment wrote them", driver, List.of(), List.of());
        }
        Drift drift = new Drift(r.weights(), found, held == null ? now : held.since(),
                held == null ? now.plus(r.spec().timeouts().approval()) : held.holdUntil());
        return Decision.waitUntil(r.toBuilder().record(seen).drift(drift),
                BakeGates.earliest(now.plus(DRIFT_LOOK_INTERVAL), drift.holdUntil()), heldReason(r, found));
    }

    private static String heldReason(DeploymentRecord r, Weights found) {
        return "the records hold " + found + ", not " + r.weights() + " as written: waiting for a person to restore "
                + "them or run 'ecs-canary rollback " + r.id() + "'";
    }

    /** Into FAILING_BACK, recording why. */
    private Decision failBack(DeploymentRecord r, Instant now, Trigger trigger, String reason, String by) {
        return failBack(r, now, trigger, reason, by, List.of(), List.of());
    }

    private Decision failBack(DeploymentRecord r, Instant now, Trigger trigger, String reason, String by,
                              List<GateEvidence> gates, List<String> details) {
        return failBack(r, r.toBuilder(), now, trigger, reason, by, gates, details);
    }

    /** @param next the changes made before failing back in the same write */
    private Decision failBack(DeploymentRecord r, DeploymentRecord.Builder next, Instant now, Trigger trigger,
                              String reason, String by, List<GateEvidence> gates, List<String> details) {
        return Decision.proceed(next.phase(Phase.FAILING_BACK, now, now.plus(r.spec().timeouts().failBack()))
                .failBack(new FailBack(trigger, reason, now, 0, false))
                .record(new HistoryEntry(now, Phase.FAILING_BACK, r.step(), next.weights(), by,
                        new FailingBack(trigger, r.phase(), reason, details), gates)));
    }

    /**
     * FAILING_BACK: blue 100 / green 0 in one change, retried until Route53 confirms it or the
     * deadline passes; then a person is alerted, loudly, and ticking again retries. Records that
     * drifted are failed back all the same, swapping against what they hold.
     */
    private Decision failingBack(DeploymentRecord r, Instant now) {
        FailBack failBack = r.failBack();
        if (!r.mayHaveShiftedTraffic()) {
            return Decision.proceed(transition(r, Phase.ROLLED_BACK, now, null, new RolledBack(false, failBack.reason())));
        }
        try {
            if (r.changeId() == null) {
                DeploymentRecord.Builder next = r.toBuilder();
                String change;
                try {
                    change = ports.router().setWeights(r.spec().dns(), r.weights(), Weights.ALL_BLUE);
                } catch (WeightsDriftedException drifted) {
                    if (!drifted.found().equals(Weights.ALL_BLUE)) {
                        // Not our own write whose record was lost: someone changed them.
                        next.record(new HistoryEntry(now, Phase.FAILING_BACK, r.step(), drifted.found(), driver,
                                new Drifted(r.weights(), drifted.found(), OnDrift.FAIL_BACK.yamlName())));
                    }
                    change = ports.router().setWeights(r.spec().dns(), drifted.found(), Weights.ALL_BLUE);
                }
                return Decision.waitUntil(next.weights(Weights.ALL_BLUE).changeId(change)
                                .record(new HistoryEntry(now, Phase.FAILING_BACK, r.step(), Weights.ALL_BLUE, driver,
                                        new WeightsWritten(change))),
                        now.plus(firstSyncPoll(r)), "waiting for Route53 change " + change + " to be in sync");
            }
            SyncLooks looks = syncLooks(r);
            if (looks != null && !looks.dueAt(now) && !pastDeadline(r, now)) {
                return Decision.waitUntil(looks.after(now), "Route53 change " + r.changeId() + " is expected in sync "
                        + "by then");
            }
            if (ports.router().isInSync(r.changeId())) {
                return decided(r, now, Phase.ROLLED_BACK, now, new RolledBack(true, failBack.reason()), List.of());
            }
        } catch (StateStoreException e) {
            throw e;
        } catch (RuntimeException e) {
            FailBack retried = failBack.withFailedAttempt();
            if (pastDeadline(r, now)) {
                return overdue(r, now, retried, Errors.describe(e));
            }
            return Decision.waitUntil(r.toBuilder().failBack(retried).error(retried.attempts(), Errors.describe(e)),
                    now.plus(settings.retryAfter(retried.attempts())), "fail-back attempt " + retried.attempts()
                            + " failed (" + Errors.describe(e) + "); retrying");
        }
        if (pastDeadline(r, now)) {
            return overdue(r, now, failBack, "Route53 change " + r.changeId() + " still not in sync");
        }
        return Decision.waitUntil(nextSyncLook(r, now), "Route53 change " + r.changeId() + " pending");
    }

    /**
     * The outcome is decided and Route53 serves it since {@code servedSince}: into DRAINING to watch
     * the side that now has weight 0, unless the spec turns the check off or nothing measures the
     * load balancers; then straight to the outcome. Load balancers that received no request at all
     * lately have nothing to verify: the outcome, with that as the check's result.
     */
    private Decision decided(DeploymentRecord r, Instant now, Phase outcome, Instant servedSince, HistoryEvent event,
                             List<GateEvidence> evidence) {
        DrainSpec check = r.spec().drainCheck();
        if (!check.enabled() || !ports.traffic().canMeasure()) {
            return Decision.proceed(transition(r, outcome, now, null, event, evidence));
        }
        String side = outcome == Phase.PROMOTED ? "blue" : "green";
        Duration ttl = ttlOf(r);
        Drain drain = new Drain(side, outcome, servedSince, check.windowFor(ttl), ttl, check.maxShareOrDefault(), null);
        String unmeasurable = Stream.of(r.spec().blue(), r.spec().green())
                .anyMatch(s -> s == null || s.loadBalancer() == null || s.loadBalancer().isBlank())
                ? "blue.loadBalancer and green.loadBalancer are needed to measure the drain" : null;
        if (unmeasurable != null) {
            return decidedAndChecked(r, now, drain, event, evidence, DrainResult.unmeasured(
                    DrainResult.Status.UNMEASURED, side, unmeasurable, null));
        }
        Instant from = servedSince.minus(TRAFFIC_LOOKBACK);
        try {
            if (noTrafficSince(r.spec(), from, now)) {
                return decidedAndChecked(r, now, drain, event, evidence, DrainResult.unmeasured(
                        DrainResult.Status.NO_TRAFFIC, side, "no requests reached either load balancer since " + from
                        + ": nothing to verify", null));
            }
        } catch (StateStoreException e) {
            throw e;
        } catch (RuntimeException e) {
            // Rather than wait out a window that cannot be read either: the outcome is decided already.
            return decidedAndChecked(r, now, drain, event, evidence, DrainResult.unmeasured(
                    DrainResult.Status.UNMEASURED, side, "the load balancers' traffic could not be read: "
                    + Errors.describe(e), null));
        }
        return Decision.proceed(transition(r, Phase.DRAINING, now, null, event, evidence).drain(drain));
    }

    /** The outcome and, in the same write, a drain check that had nothing to wait for. */
    private Decision decidedAndChecked(DeploymentRecord r, Instant now, Drain drain, HistoryEvent event,
                                       List<GateEvidence> evidence, DrainResult result) {
        return Decision.proceed(endDrain(transition(r, drain.outcome(), now, null, event, evidence), r, now, drain,
                result));
    }

    /** The drain check's end, {@code result}, in the same write as {@code changes}: the deployment's outcome. */
    private DeploymentRecord.Builder endDrain(DeploymentRecord.Builder changes, DeploymentRecord r, Instant now,
                                              Drain drain, DrainResult result) {
        return changes.phase(drain.outcome(), now, null).drain(drain.withResult(result))
                .record(new HistoryEntry(now, drain.outcome(), r.step(), r.weights(), driver,
                        new DrainChecked(drain.drainedSide(), result.status(), result.message())));
    }

    /** Whether neither load balancer received a request from {@code from}. */
    private boolean noTrafficSince(CanarySpec spec, Instant from, Instant now) {
        return Stream.of(spec.blue(), spec.green()).allMatch(side ->
                ports.traffic().perMinute(side, from, now).stream().allMatch(m -> m.requests() == 0));
    }

    /** When Route53 last served a change of this deployment: the last step's, before its bake. */
    private static Instant lastInSync(DeploymentRecord r) {
        for (int i = r.history().size() - 1; i >= 0; i--) {
            if (r.history().get(i).event() instanceof InSync) {
                return r.history().get(i).at();
            }
        }
        return r.updatedAt();
    }

    /**
     * DRAINING: the drained side's load balancer is read once its window is over and CloudWatch has
     * published it (or at once when there was no traffic at all, or when a person aborts), judged,
     * and the deployment ends as decided. Nothing here changes traffic, and no failure here changes
     * the outcome: a load balancer that cannot be read ends the check as not measured.
     */
    private Decision drain(DeploymentRecord r, Instant now) {
        Drain drain = r.drain();
        ServiceSide drained = drain.drainedSide().equals("blue") ? r.spec().blue() : r.spec().green();
        ServiceSide other = drain.drainedSide().equals("blue") ? r.spec().green() : r.spec().blue();
        Instant readyAt = drain.readyAt();
        String cutShortBy = r.abort() == null ? null : r.abort().by();
        try {
            if (cutShortBy == null && now.isBefore(readyAt)) {
                return Decision.waitUntil(readyAt, "checking that clients left " + drain.drainedSide() + " until "
                        + drain.windowEnd() + " (then CloudWatch's last minutes)");
            }
            Instant until = now.isBefore(drain.windowEnd()) ? now : drain.windowEnd();
            return drained(r, now, DrainJudge.judge(drain.drainedSide(),
                    ports.traffic().perMinute(drained, drain.since(), until),
                    ports.traffic().perMinute(other, drain.since(), until),
                    drain.since(), drain.ttl(), drain.maxSharePercent(), cutShortBy));
        } catch (StateStoreException e) {
            throw e;
        } catch (RuntimeException e) {
            int errors = r.errors() + 1;
            if (errors < settings.maxConsecutiveErrors() && cutShortBy == null) {
                return Decision.waitUntil(r.toBuilder().error(errors, Errors.describe(e)),
                        now.plus(settings.retryAfter(errors)), "could not read the load balancers' traffic ("
                                + Errors.describe(e) + "); retrying");
            }
            return drained(r, now, DrainResult.unmeasured(DrainResult.Status.UNMEASURED, drain.drainedSide(),
                    "the load balancers' traffic could not be read: " + Errors.describe(e), cutShortBy));
        }
    }

    private Decision drained(DeploymentRecord r, Instant now, DrainResult result) {
        return Decision.proceed(endDrain(r.toBuilder(), r, now, r.drain(), result));
    }

    private Decision overdue(DeploymentRecord r, Instant now, FailBack failBack, String why) {
        String alert = "FAIL-BACK NOT CONFIRMED after " + Durations.format(r.spec().timeouts().failBack()) + ": " + why
                + ". Traffic was last written as " + r.weights() + ". Check the records of "
                + r.spec().dns().recordName() + " and run 'ecs-canary rollback " + r.id() + "' to retry.";
        DeploymentRecord.Builder next = r.toBuilder().failBack(failBack.asOverdue());
        if (!failBack.overdue()) {
            next.record(entry(r, Phase.FAILING_BACK, driver, now, new Alert(alert)));
        }
        return Decision.stuck(next, alert);
    }

    /** Unexpected errors are retried with backoff; too many in a row fail back. */
    private Decision onError(DeploymentRecord r, Instant now, RuntimeException error) {
        int errors = r.errors() + 1;
        String message = Errors.describe(error);
        if (errors >= settings.maxConsecutiveErrors()) {
            return failBack(r, now, Trigger.ERROR, errors + " errors in a row in " + r.phase() + ", the last: " + message,
                    driver);
        }
        return Decision.waitUntil(r.toBuilder().error(errors, message), now.plus(settings.retryAfter(errors)),
                "error " + errors + "/" + settings.maxConsecutiveErrors() + " in " + r.phase() + " (" + message
                        + "); retrying");
    }

    // ---------------------------------------------------------------------------------------------
    // The outcome of a tick.
    // ---------------------------------------------------------------------------------------------

    /** Persists what was decided (as the lease holder) and says what the host should do next. */
    private TickOutcome conclude(DeploymentRecord record, Decision decision, Instant now) {
        Optional<DeploymentRecord> written = writer.commit(record, decision.changes(), now);
        if (written.isEmpty()) {
            return new TickOutcome.Waiting(record, now, "another writer changed the deployment; reading it again");
        }
        DeploymentRecord result = written.get();
        result.history().subList(record.history().size(), result.history().size()).stream()
                .filter(e -> e.is(Drifted.class))
                .forEach(e -> ports.listener().onAlert(result, result.id() + ": " + e.text()));
        if (decision.changes() != null && decision.gatesEvaluated()) {
            ports.listener().onGatesEvaluated(result);
        }
        if (result.isFinished()) {
            return new TickOutcome.Finished(result);
        }
        if (decision instanceof Decision.Stuck stuck) {
            ports.listener().onAlert(result, stuck.reason());
            return new TickOutcome.Stuck(result, stuck.reason());
        }
        if (decision instanceof Decision.Wait wait) {
            Instant renewAt = writer.renewAt(result);
            Instant until = BakeGates.earliest(wait.until(), renewAt.isAfter(now) ? renewAt : now);
            ports.listener().onWaiting(result, until, wait.reason());
            return new TickOutcome.Waiting(result, until, wait.reason());
        }
        return new TickOutcome.Progressed(result);
    }

    // ---------------------------------------------------------------------------------------------
    // Small helpers.
    // ---------------------------------------------------------------------------------------------

    private DeploymentRecord.Builder transition(DeploymentRecord r, Phase to, Instant now, Instant deadline,
                                                HistoryEvent event) {
        return transition(r, to, now, deadline, event, List.of());
    }

    private DeploymentRecord.Builder transition(DeploymentRecord r, Phase to, Instant now, Instant deadline,
                                                HistoryEvent event, List<GateEvidence> gates) {
        return r.toBuilder().phase(to, now, deadline)
                .record(new HistoryEntry(now, to, r.step(), r.weights(), driver, event, gates));
    }

    private static HistoryEntry entry(DeploymentRecord r, Phase phase, String by, Instant now, HistoryEvent event) {
        return new HistoryEntry(now, phase, r.step(), r.weights(), by, event);
    }

    private static Weights weightsOf(StepSpec step) {
        return Weights.forGreenPercent(step.percent());
    }

    /**
     * Whether this deployment ever entered SHIFTING: that is recorded before any weight is written,
     * so a deployment that never did cannot have changed the records (even across a crash).
     */

    private static boolean pastDeadline(DeploymentRecord r, Instant now) {
        return r.deadline() != null && !now.isBefore(r.deadline());
    }

    private Duration firstSyncPoll(DeploymentRecord r) {
        return settings.firstSyncPoll(r.spec().dns().propagation());
    }

    /**
     * The looks at the pending change, on a schedule kept from when it was written: the first,
     * then one every {@link EngineSettings#syncPoll}. Ticks for other reasons (renewing the lease,
     * an event, a restart) fall between them and spend none of the account's Route53 budget.
     * Null when the record holds no write of that change.
     */
    private SyncLooks syncLooks(DeploymentRecord r) {
        for (int i = r.history().size() - 1; i >= 0; i--) {
            if (r.history().get(i).event() instanceof WeightsWritten w && r.changeId().equals(w.changeId())) {
                return new SyncLooks(r.history().get(i).at().plus(firstSyncPoll(r)),
                        settings.syncPoll(r.spec().dns().propagation()));
            }
        }
        return null;
    }

    /** The scheduled look after {@code now} at the pending change. */
    private Instant nextSyncLook(DeploymentRecord r, Instant now) {
        SyncLooks looks = syncLooks(r);
        return looks == null ? now.plus(settings.pollMin()) : looks.after(now);
    }

    private record SyncLooks(Instant first, Duration every) {

        /** A look is due: the tick came at a scheduled look, give or take half an interval for a late scheduler. */
        boolean dueAt(Instant now) {
            if (now.isBefore(first)) {
                return false;
            }
            long since = Duration.between(first, now).toNanos();
            return since % every.toNanos() <= every.toNanos() / 2;
        }

        /** The first scheduled look after {@code now}. */
        Instant after(Instant now) {
            if (now.isBefore(first)) {
                return first;
            }
            long since = Duration.between(first, now).toNanos();
            return first.plusNanos((since / every.toNanos() + 1) * every.toNanos());
        }
    }

    private Duration pollAfter(DeploymentRecord r, Instant now) {
        return settings.pollAfter(Duration.between(r.phaseStartedAt(), now));
    }

    private Instant now() {
        return ports.clock().instant();
    }
}
