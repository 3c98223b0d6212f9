package dev.ecscanary.cli.render;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecscanary.testing.Deployments;
import dev.ecscanary.view.DeploymentView;
import org.junit.jupiter.api.Test;

/** The last paragraph a command prints: the outcome, the weights Route53 holds, and why. */
class OutcomeTextTest {

    @Test
    void aPromotionSaysGreenServesEverythingAndHowLongItTook() {
        DeploymentView view = Deployments.viewOf(Deployments.promoted());

        assertThat(OutcomeText.render(view, null)).matches(
                "web-1 PROMOTED: green serves 100% \\(blue 0 / green 100 \\(100% green\\)\\) \\(\\d+m(\\d+s)? since it was"
                        + " created\\)");
    }

    @Test
    void aRollbackSaysBlueServesEverythingAndWhy() {
        DeploymentView view = Deployments.viewOf(Deployments.rolledBackAtStepTwo());

        assertThat(OutcomeText.render(view, null))
                .startsWith("web-2 ROLLED_BACK: blue serves 100% (blue 100 / green 0 (0% green))")
                .endsWith("; why: " + view.failBack().reason() + " [GATE_FAILED]");
    }

    @Test
    void aDriverThatStoppedShortSaysWhereAndWhy() {
        DeploymentView view = Deployments.viewOf(Deployments.bakingStepTwo());

        assertThat(OutcomeText.render(view, "Route53 refuses the change")).isEqualTo(
                "web-4 STUCK in BAKING: Route53 refuses the change");
        assertThat(OutcomeText.render(view, null)).isEqualTo("web-4 BAKING: not finished");
    }
}
