package dev.ecscanary.cli.progress;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecscanary.cli.progress.LiveBlock.EngineWait;
import dev.ecscanary.cli.render.Times;
import dev.ecscanary.state.DeploymentRecord;
import dev.ecscanary.state.Phase;
import dev.ecscanary.testing.Deployments;
import dev.ecscanary.view.DeploymentView;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The block the terminal redraws: the view's phase, step and weights, the wait people care about, the gates. */
class LiveBlockTest {

    @Test
    void aBakeCountsDownThenHoldsUntilTheGatesPass() {
        DeploymentRecord record = Deployments.bakingStepTwo();
        Instant during = record.waitUntil().minus(Duration.ofSeconds(75));
        DeploymentView view = DeploymentView.of(record, during);

        List<String> block = LiveBlock.render(view, new EngineWait(during.plusSeconds(10), "next gate"), during);

        assertThat(block.get(0)).isEqualTo("\u00bb web-4  BAKING (baking)  step 2/4  " + view.weights());
        assertThat(block.get(1)).isEqualTo("  1m15s left of the bake");
        assertThat(block.subList(2, block.size())).hasSize(view.gates().size())
                .allSatisfy(line -> assertThat(line).startsWith("  gate "));

        Instant after = record.waitUntil().plusSeconds(5);
        assertThat(LiveBlock.render(DeploymentView.of(record, after), null, after).get(1))
                .startsWith("  bake over; holding until every gate passes (fails back in ");
    }

    @Test
    void anApprovalWaitsForADecisionUntilItsDeadline() {
        DeploymentRecord record = Deployments.awaitingApproval();
        Instant now = record.updatedAt();

        List<String> block = LiveBlock.render(DeploymentView.of(record, now), null, now);

        assertThat(block.get(1)).isEqualTo("  waiting for a decision (fails back in "
                + Times.remaining(now, record.deadline()) + ")");
    }

    @Test
    void aPhaseWithoutAWaitOfItsOwnShowsTheDriversNextLook() {
        DeploymentRecord baking = Deployments.bakingStepTwo();
        Instant now = baking.updatedAt();
        DeploymentRecord shifting = baking.toBuilder().phase(Phase.SHIFTING, now, null).build(now);

        assertThat(LiveBlock.render(DeploymentView.of(shifting, now), new EngineWait(now.plusSeconds(5),
                "Route53 reports the change PENDING"), now).get(1))
                .isEqualTo("  5s left: Route53 reports the change PENDING");
    }

    @Test
    void aFinishedDeploymentWaitsForNothing() {
        DeploymentView done = Deployments.viewOf(Deployments.rolledBackAtStepTwo());
        Instant now = done.updatedAt();

        assertThat(LiveBlock.render(done, new EngineWait(now.plusSeconds(5), "polling"), now))
                .hasSize(1 + done.gates().size()).noneMatch(line -> line.contains("polling"));
    }
}
