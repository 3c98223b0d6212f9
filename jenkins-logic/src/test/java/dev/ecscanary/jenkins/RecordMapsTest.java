package dev.ecscanary.jenkins;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecscanary.spec.Weights;
import dev.ecscanary.state.DeploymentRecord;
import dev.ecscanary.state.Drain;
import dev.ecscanary.state.DrainResult;
import dev.ecscanary.state.HistoryEntry;
import dev.ecscanary.state.HistoryEvent;
import dev.ecscanary.state.Phase;
import dev.ecscanary.testing.Deployments;
import dev.ecscanary.view.DeploymentView;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What {@code canaryStatus} returns to a Pipeline script: the view, as plain maps. */
class RecordMapsTest {

    @Test
    void aRollbackTellsTheStepTheTriggerAndTheEvidenceOfEveryStep() {
        DeploymentView view = Deployments.viewOf(Deployments.rolledBackAtStepTwo());

        Map<String, Object> status = RecordMaps.status(view);

        assertThat(status).containsEntry("deployment", "web-2").containsEntry("phase", "ROLLED_BACK")
                .containsEntry("outcome", "ROLLED_BACK").containsEntry("finished", true)
                .containsEntry("failBackTrigger", "GATE_FAILED").containsEntry("failBackStep", 2)
                .containsEntry("failBackReason", view.failBack().reason())
                .containsEntry("blueWeight", 100).containsEntry("greenWeight", 0)
                .doesNotContainKey("waitingFor");
        List<Map<String, Object>> steps = list(status.get("steps"));
        assertThat(steps).extracting(s -> s.get("outcome")).containsExactly("PASSED", "FAILED", "NOT_REACHED",
                "NOT_REACHED");
        assertThat(list(steps.get(1).get("evidence"))).anySatisfy(e -> assertThat(e)
                .containsEntry("gate", "targetHealth").containsEntry("verdict", "FAIL"));
        assertThat(list(status.get("history"))).hasSize(view.history().size());
        assertPlain(status);
    }

    @Test
    void aDriftIsListedWithWhatWasExpectedFoundAndDone() {
        DeploymentRecord record = Deployments.bakingStepTwo();
        Instant now = record.updatedAt();
        Weights found = new Weights(60, 40);
        DeploymentRecord drifted = record.toBuilder()
                .record(new HistoryEntry(now, record.phase(), record.step(), found, "driver-a",
                        new HistoryEvent.Drifted(record.weights(), found, "failBack")))
                .build(now);

        Map<String, Object> status = RecordMaps.status(DeploymentView.of(drifted, now));

        assertThat(list(status.get("drifts"))).singleElement().isEqualTo(Map.of("at", now.toString(), "step", 2,
                "expected", record.weights().toString(), "found", found.toString(), "action", "failBack"));
        assertThat(RecordMaps.status(Deployments.viewOf(record))).doesNotContainKey("drifts");
        assertPlain(status);
    }

    @Test
    void theDrainCheckSaysWhetherClientsLeftAndWhatStillArrives() {
        DeploymentRecord record = Deployments.bakingStepTwo();
        Instant now = record.updatedAt();
        DrainResult result = new DrainResult(DrainResult.Status.NOT_DRAINED, "green", null, 5, 900, 30_000,
                new DrainResult.Stale(180, 3, 120, 60, 20, 3), "green still received 3% of requests", null, List.of());
        DeploymentRecord drained = record.toBuilder()
                .drain(new Drain("green", Phase.ROLLED_BACK, now, Duration.ofMinutes(5), Duration.ofSeconds(60), 1,
                        result)).build(now);

        Map<String, Object> status = RecordMaps.status(DeploymentView.of(drained, now));

        assertThat(status).containsEntry("drainedSide", "green").containsEntry("drainStatus", "NOT_DRAINED")
                .containsEntry("drainMessage", "green still received 3% of requests")
                .containsEntry("staleRequestsPerMinute", 180.0).containsEntry("staleSharePercent", 3.0)
                .containsEntry("staleDnsRequestsPerMinute", 120.0).containsEntry("keepAliveRequestsPerMinute", 60.0)
                .doesNotContainKey("drainEffectiveAt");
        assertPlain(status);
    }

    @Test
    void aPromotionNamesWhoApprovedAndTheShareGreenReallyReceived() {
        DeploymentView view = Deployments.viewOf(Deployments.promoted());

        Map<String, Object> status = RecordMaps.status(view);

        List<Map<String, Object>> steps = list(status.get("steps"));
        assertThat(steps.get(2)).containsEntry("approval", true).containsEntry("approvalDecision", "APPROVED")
                .containsEntry("approvedBy", "alice");
        assertThat(steps.get(0)).containsEntry("observedGreenPercent", 9.3);
        assertThat(list(status.get("gates"))).allSatisfy(gate -> assertThat(gate)
                .containsEntry("verdict", "PASS").containsKeys("type", "measured", "limits", "evaluations"));
        assertPlain(status);
    }

    @Test
    void anApprovalSaysWhatItWaitsForAndUntilWhen() {
        DeploymentView view = Deployments.viewOf(Deployments.awaitingApproval());

        Map<String, Object> status = RecordMaps.status(view);

        assertThat(status).containsEntry("phase", "AWAITING_APPROVAL").containsEntry("finished", false)
                .containsEntry("waitingFor", "a decision")
                .containsEntry("deadline", view.waitingFor().deadline().toString())
                .containsEntry("headline", "waiting for approval of step 1/2 (50% green)");
        assertThat(list(status.get("steps")).get(0)).containsEntry("approvalDecision", "WAITING");
        assertPlain(status);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Object value) {
        return (List<Map<String, Object>>) value;
    }

    private static void assertPlain(Object value) {
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> {
                assertThat(k).isInstanceOf(String.class);
                assertPlain(v);
            });
        } else if (value instanceof List<?> list) {
            list.forEach(RecordMapsTest::assertPlain);
        } else {
            assertThat(value).isInstanceOfAny(String.class, Number.class, Boolean.class);
        }
    }
}
