package dev.ecscanary.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecscanary.inmemory.SimulatedWorld;
import dev.ecscanary.report.HtmlReport;
import dev.ecscanary.port.Approvals.ApprovalDecision;
import dev.ecscanary.spec.CanarySpec;
import dev.ecscanary.spec.DnsSpec;
import dev.ecscanary.spec.OnDrift;
import dev.ecscanary.spec.StepSpec;
import dev.ecscanary.spec.Steps;
import dev.ecscanary.spec.Timeouts;
import dev.ecscanary.spec.Weights;
import dev.ecscanary.state.DeploymentRecord;
import dev.ecscanary.state.FailBack.Trigger;
import dev.ecscanary.state.HistoryEntry;
import dev.ecscanary.state.HistoryEvent.DriftEnded;
import dev.ecscanary.state.HistoryEvent.Drifted;
import dev.ecscanary.state.HistoryEvent.FailingBack;
import dev.ecscanary.state.Phase;
import dev.ecscanary.state.TaskObservation.ServiceKey;
import dev.ecscanary.testing.RecordingListener;
import dev.ecscanary.testing.Specs;
import dev.ecscanary.testing.Stepper;
import dev.ecscanary.view.DeploymentView;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Weights someone else writes are never overwritten: every shift is a compare-and-swap against the
 * weights last written, and the records are compared with them before promoting or waiting for an
 * approval. Drift stops shifting and alerts; then {@code onDrift} fails back (the default) or
 * holds the deployment for a person.
 */
class DriftTest {

    static final ServiceKey GREEN = new ServiceKey("shop", "shop-green");
    static final Weights BY_HAND = new Weights(70, 30);

    final RecordingListener listener = new RecordingListener();
    final SimulatedWorld world = SimulatedWorld.builder().manualApprovals().build();
    final CanaryEngine engine = world.listener(listener).engine("driver-a");

    DriftTest() {
        world.ecs.runningFrom(GREEN, world.clock.instant());
    }

    @Test
    void aWeightWrittenByHandDuringABakeFailsBackAtTheNextShiftFromWhatIsThere() {
        engine.start(Specs.canary("web-1"));
        bakingStep(1);

        world.route53.put(dns(), BY_HAND);
        DeploymentRecord done = Stepper.tickToEnd(engine, world.clock, "web-1").record();

        assertThat(done.phase()).isEqualTo(Phase.ROLLED_BACK);
        assertThat(done.failBack().trigger()).isEqualTo(Trigger.DRIFT);
        assertThat(done.failBack().reason()).isEqualTo("the records of shop.example.test held " + BY_HAND
                + ", not blue 90 / green 10 (10% green) as this deployment wrote them");
        assertThat(world.route53.writes()).as("step 2's weights never written over the hand's")
                .containsExactly(new Weights(90, 10), Weights.ALL_BLUE);
        assertThat(world.route53.currentWeights(dns())).isEqualTo(Weights.ALL_BLUE);
        HistoryEntry drifted = only(done, Drifted.class);
        assertThat(drifted.event()).isEqualTo(new Drifted(new Weights(90, 10), BY_HAND, "failBack"));
        assertThat(drifted.phase()).isEqualTo(Phase.SHIFTING);
        assertThat(drifted.step()).isEqualTo(1);
        assertThat(drifted.weights()).isEqualTo(BY_HAND);
        assertThat(done.history().indexOf(drifted)).isLessThan(done.history().indexOf(only(done, FailingBack.class)));
        assertThat(listener.alerts).singleElement().asString().startsWith("web-1: DRIFT: the records hold "
                + BY_HAND + ", not blue 90 / green 10 (10% green)");
        DeploymentView view = DeploymentView.of(done, world.clock.instant());
        assertThat(view.drifts()).singleElement().isEqualTo(new DeploymentView.DriftView(drifted.at(), 2,
                Phase.SHIFTING, new Weights(90, 10), BY_HAND, "failBack"));
        assertThat(view.failBack().triggerText()).isEqualTo("records changed outside the deployment");
    }

    @Test
    void driftAtTheEndOfTheLastBakeIsNotPromoted() {
        engine.start(Specs.canary("web-1"));
        bakingStep(4);

        world.route53.put(dns(), new Weights(50, 50));
        DeploymentRecord done = Stepper.tickToEnd(engine, world.clock, "web-1").record();

        assertThat(done.phase()).isEqualTo(Phase.ROLLED_BACK);
        assertThat(done.failBack().trigger()).isEqualTo(Trigger.DRIFT);
        assertThat(only(done, Drifted.class).phase()).isEqualTo(Phase.BAKING);
        assertThat(done.history()).noneMatch(e -> e.phase() == Phase.PROMOTED);
        assertThat(world.route53.currentWeights(dns())).isEqualTo(Weights.ALL_BLUE);
    }

    @Test
    void driftBeforeAnApprovalIsFoundAtTheEndOfTheBakeNotAfterThePersonSaidGo() {
        world.approvals.decide("web-1", 1, ApprovalDecision.approve("carol"));
        engine.start(Specs.canary("web-1", Steps.of(StepSpec.of(10, Specs.BAKE, false),
                StepSpec.of(50, Specs.BAKE, true), StepSpec.of(100, Duration.ZERO, false))));
        bakingStep(1);

        world.route53.put(dns(), BY_HAND);
        DeploymentRecord done = Stepper.tickToEnd(engine, world.clock, "web-1").record();

        assertThat(done.failBack().trigger()).isEqualTo(Trigger.DRIFT);
        assertThat(done.history()).noneMatch(e -> e.phase() == Phase.AWAITING_APPROVAL);
    }

    @Test
    void theBakesWithoutDriftReadTheRecordsOnlyBeforeApprovalsAndPromotion() {
        engine.start(Specs.canary("web-1"));

        DeploymentRecord done = Stepper.tickToEnd(engine, world.clock, "web-1").record();

        assertThat(done.phase()).isEqualTo(Phase.PROMOTED);
        assertThat(done.history()).noneMatch(e -> e.is(Drifted.class));
        assertThat(world.route53.writes()).containsExactly(new Weights(90, 10), new Weights(75, 25),
                new Weights(50, 50), Weights.ALL_GREEN);
        assertThat(world.route53.reads()).as("at the start, when the stacks are ready, before promoting")
                .isEqualTo(3);
    }

    // ---------------------------------------------------------------------------------------------
    // onDrift: alert
    // ---------------------------------------------------------------------------------------------

    @Test
    void withAlertTheDeploymentHoldsForAPersonAndCarriesOnOnceTheWeightsAreRestored() {
        engine.start(alerting(Specs.canary("web-1")));
        bakingStep(1);
        world.route53.put(dns(), BY_HAND);

        DeploymentRecord held = Stepper.tickUntil(engine, world.clock, "web-1", r -> r.drift() != null);
        world.clock.advance(Duration.ofMinutes(10));
        engine.tick("web-1");

        assertThat(held.phase()).isEqualTo(Phase.SHIFTING);
        assertThat(held.weights()).as("what it wrote, to restore").isEqualTo(new Weights(90, 10));
        assertThat(held.drift().found()).isEqualTo(BY_HAND);
        assertThat(world.route53.currentWeights(dns())).as("left as the person set them").isEqualTo(BY_HAND);
        assertThat(listener.alerts).as("alerted once, not at each look").hasSize(1);
        assertThat(DeploymentView.of(held, held.updatedAt()).headline()).isEqualTo("held at step 2/4 (25% green): "
                + "the records hold " + BY_HAND + ", not blue 90 / green 10 (10% green) as written; restore them or run "
                + "'ecs-canary rollback web-1', 1h left before it fails back");

        world.route53.put(dns(), new Weights(90, 10));
        DeploymentRecord done = Stepper.tickToEnd(engine, world.clock, "web-1").record();

        assertThat(done.phase()).isEqualTo(Phase.PROMOTED);
        assertThat(only(done, DriftEnded.class).text())
                .isEqualTo("the records hold blue 90 / green 10 (10% green) again, as this deployment wrote them: "
                        + "carrying on");
        assertThat(world.route53.writes()).containsExactly(new Weights(90, 10), new Weights(75, 25),
                new Weights(50, 50), Weights.ALL_GREEN);
    }

    @Test
    void theReportShowsTheHoldAndEveryDrift() {
        engine.start(alerting(Specs.canary("web-1")));
        bakingStep(1);
        world.route53.put(dns(), BY_HAND);
        DeploymentRecord held = Stepper.tickUntil(engine, world.clock, "web-1", r -> r.drift() != null);

        String report = HtmlReport.render(DeploymentView.of(held, world.clock.instant()));

        assertThat(report).contains("<strong>Records changed outside the deployment.</strong> They hold blue 70 / "
                + "green 30 (30% green), not blue 90 / green 10 (10% green) as written; shifting stopped.")
                .contains("<dt>Drift</dt><dd><strong class=\"bad\">blue 70 / green 30 (30% green)</strong> found "
                        + "instead of blue 90 / green 10 (10% green)")
                .contains("step 2; held for a person");
    }

    @Test
    void withAlertNobodyActingWithinTheApprovalTimeoutFailsBack() {
        engine.start(alerting(Specs.withTimeouts(Specs.canary("web-1"),
                new Timeouts(null, null, null, null, Duration.ofMinutes(30), null))));
        bakingStep(4);
        world.route53.put(dns(), BY_HAND);
        Instant driftSeen = Stepper.tickUntil(engine, world.clock, "web-1", r -> r.drift() != null).drift().since();

        DeploymentRecord done = Stepper.tickToEnd(engine, world.clock, "web-1").record();

        assertThat(done.failBack().trigger()).isEqualTo(Trigger.DRIFT);
        assertThat(done.failBack().reason()).isEqualTo("the records of shop.example.test still held " + BY_HAND
                + ", not blue 0 / green 100 (100% green), 30m after they drifted; nobody restored them or rolled back");
        assertThat(done.failBack().since()).isEqualTo(driftSeen.plus(Duration.ofMinutes(30)));
        assertThat(world.route53.currentWeights(dns())).isEqualTo(Weights.ALL_BLUE);
        assertThat(done.history()).filteredOn(e -> e.is(Drifted.class)).hasSize(1);
    }

    @Test
    void withAlertARollbackFailsBackFromWhatIsThere() {
        engine.start(alerting(Specs.canary("web-1")));
        bakingStep(2);
        world.route53.put(dns(), BY_HAND);
        Stepper.tickUntil(engine, world.clock, "web-1", r -> r.drift() != null);

        world.engine("ops").requestAbort("web-1", "dave", "someone is testing by hand");
        DeploymentRecord done = Stepper.tickToEnd(engine, world.clock, "web-1").record();

        assertThat(done.phase()).isEqualTo(Phase.ROLLED_BACK);
        assertThat(done.failBack().trigger()).isEqualTo(Trigger.ABORTED);
        assertThat(world.route53.currentWeights(dns())).isEqualTo(Weights.ALL_BLUE);
        assertThat(world.route53.writes()).last().isEqualTo(Weights.ALL_BLUE);
        assertThat(done.history()).filteredOn(e -> e.is(Drifted.class)).extracting(HistoryEntry::phase)
                .containsExactly(Phase.SHIFTING, Phase.FAILING_BACK);
    }

    @Test
    void aFailBackNeverWaitsForTheRecordsItFindsChanged() {
        engine.start(Specs.canary("web-1"));
        bakingStep(2);
        world.route53.put(dns(), new Weights(40, 60));

        world.engine("ops").requestAbort("web-1", "dave", "pager");
        DeploymentRecord done = Stepper.tickToEnd(engine, world.clock, "web-1").record();

        assertThat(done.failBack().trigger()).isEqualTo(Trigger.ABORTED);
        assertThat(world.route53.currentWeights(dns())).isEqualTo(Weights.ALL_BLUE);
        assertThat(only(done, Drifted.class).event()).isEqualTo(new Drifted(new Weights(75, 25), new Weights(40, 60),
                "failBack"));
    }

    private void bakingStep(int number) {
        Stepper.tickUntil(engine, world.clock, "web-1", r -> r.phase() == Phase.BAKING && r.step() == number - 1);
    }

    private static DnsSpec dns() {
        return Specs.canary("any").dns();
    }

    private static CanarySpec alerting(CanarySpec spec) {
        return new CanarySpec(spec.deploymentId(), spec.stateTable(), spec.region(), spec.dns(), spec.green(),
                spec.blue(), spec.stacks(), spec.steps(), spec.gates(), spec.timeouts(), null, OnDrift.ALERT);
    }

    private static HistoryEntry only(DeploymentRecord record, Class<? extends dev.ecscanary.state.HistoryEvent> kind) {
        List<HistoryEntry> found = record.history().stream().filter(e -> e.is(kind)).toList();
        assertThat(found).as(kind.getSimpleName() + " entries").hasSize(1);
        return found.get(0);
    }
}
