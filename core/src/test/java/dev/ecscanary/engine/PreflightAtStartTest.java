package dev.ecscanary.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ecscanary.engine.Exceptions.DeploymentRefusedException;
import dev.ecscanary.inmemory.SimulatedWorld;
import dev.ecscanary.preflight.PreflightCheck;
import dev.ecscanary.preflight.PreflightReport;
import dev.ecscanary.spec.Weights;
import dev.ecscanary.testing.Specs;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The live setup is checked before a deployment touches anything; a problem refuses it. */
class PreflightAtStartTest {

    final SimulatedWorld world = SimulatedWorld.builder().build();

    @Test
    void aProblemRefusesTheDeploymentBeforeAnythingIsRecordedOrChanged() {
        world.setupCheck(spec -> new PreflightReport(spec.deploymentId(), List.of(
                PreflightCheck.ok("records", "shop.example.test", "green at 0", "green at 0"),
                PreflightCheck.problem("aliasTarget", "green", "alias to app/shop-green/1 (green.elb)", "blue.elb"),
                PreflightCheck.warning("metrics", "blue", "requests", "no requests"))));
        CanaryEngine engine = world.engine("driver-a");

        assertThatThrownBy(() -> engine.start(Specs.canary("web-1")))
                .isInstanceOf(DeploymentRefusedException.class)
                .hasMessage("the live setup is not ready (1 problem, 1 warning: not ready to deploy; 'ecs-canary "
                        + "preflight' lists every check): aliasTarget (green): expected alias to app/shop-green/1 "
                        + "(green.elb); found blue.elb");
        assertThat(world.store.load("web-1")).isEmpty();
        assertThat(world.route53.writes()).isEmpty();
        assertThat(world.route53.currentWeights(Specs.canary("web-1").dns())).isEqualTo(Weights.ALL_BLUE);
    }

    @Test
    void warningsAndChecksThatCouldNotBeMadeDoNotStopIt() {
        world.setupCheck(spec -> new PreflightReport(spec.deploymentId(), List.of(
                PreflightCheck.warning("metrics", "blue", "requests", "no requests"),
                PreflightCheck.unchecked("stateTable", "t", "a table", "the call failed"))));

        assertThat(world.engine("driver-a").start(Specs.canary("web-1")).id()).isEqualTo("web-1");
    }

    @Test
    void submittingTheSameSpecAgainResumesWithoutCheckingAgain() {
        CanaryEngine engine = world.engine("driver-a");
        engine.start(Specs.canary("web-1"));
        world.setupCheck(spec -> {
            throw new AssertionError("not checked again");
        });

        assertThat(world.engine("driver-b").start(Specs.canary("web-1")).id()).isEqualTo("web-1");
    }
}
