package dev.ecscanary.aws.gates;

import static dev.ecscanary.aws.gates.GateContexts.BAKE_STARTED;
import static dev.ecscanary.aws.gates.GateContexts.BLUE;
import static dev.ecscanary.aws.gates.GateContexts.GREEN;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ecscanary.port.Gate.GateResult;
import dev.ecscanary.spec.GateSpec;
import dev.ecscanary.spec.Weights;
import dev.ecscanary.state.Verdict;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The bake began at 12:00 and it is 12:10:30: eleven minutes, the first a warm-up for latency.
 * Margins as the spec defaults them: error rate 1 percentage point, p99 latency 20 % of blue's (at
 * least 10 ms); 98 % confidence; green passes only after 1,000 requests.
 */
class CompareToBlueGateTest {

    static final Weights QUARTER = Weights.forGreenPercent(25);

    @Test
    void greenAsGoodAsBlueOnBothCountsPasses() {
        FakeAlbMetrics metrics = sides(1_000, 10, 3_000, 30, 200, 200);

        GateResult result = gate(metrics).evaluate(GateContexts.at(QUARTER));

        assertThat(result.verdict()).isEqualTo(Verdict.PASS);
        assertThat(result.message()).contains("error rate green 1% (110 of 11000) vs blue 1% (330 of 33000)")
                .contains("within the margin").contains("within what is allowed");
    }

    @Test
    void greenFailingFiveTimesAsOftenFails() {
        FakeAlbMetrics metrics = sides(1_000, 50, 3_000, 30, 200, 200);

        GateResult result = gate(metrics).evaluate(GateContexts.at(QUARTER));

        assertThat(result.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(result.message()).contains("difference +4 points").contains("worse than the margin");
        assertThat(result.measured().get("errorRateLowPoints")).isGreaterThan(1.0);
    }

    @Test
    void greenFiftyMillisecondsSlowerThanTheFortyAllowedFails() {
        FakeAlbMetrics metrics = sides(1_000, 10, 3_000, 30, 250, 200);

        GateResult result = gate(metrics).evaluate(GateContexts.at(QUARTER));

        assertThat(result.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(result.message()).contains("shift +50 ms").contains("allowed 40 ms: slower than allowed");
        assertThat(result.measured()).containsEntry("latencyMinutes", 10.0).containsEntry("latencyShiftMillis", 50.0);
    }

    @Test
    void greenThatHasNotServedItsMinimumSampleIsNotPassedYet() {
        FakeAlbMetrics metrics = sides(50, 0, 3_000, 30, 200, 200);

        GateResult result = gate(metrics).evaluate(GateContexts.at(QUARTER));

        assertThat(result.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(result.message()).contains("green served fewer than 1000 requests");
    }

    @Test
    void withoutBluesResponseTimesLatencyIsNotJudgedAndTheStepHolds() {
        FakeAlbMetrics metrics = new FakeAlbMetrics()
                .minutes(GREEN, BAKE_STARTED, 11, 1_000, 10, 200.0)
                .minutes(BLUE, BAKE_STARTED, 11, 3_000, 30, null);

        GateResult result = gate(metrics).evaluate(GateContexts.at(QUARTER));

        assertThat(result.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(result.message()).contains("p99 latency: no minute after the warm-up");
    }

    @Test
    void theEvidenceCarriesTheNumbersTheRuleAndTheLimits() {
        GateResult result = gate(sides(1_000, 10, 3_000, 30, 200, 200)).evaluate(GateContexts.at(QUARTER));

        assertThat(result.measured()).containsKeys("greenRequests", "greenErrors", "blueRequests", "blueErrors",
                "errorRateDifferencePoints", "errorRateLowPoints", "errorRateHighPoints", "latencyShiftMillis",
                "latencyPValue", "latencyAlpha");
        assertThat(result.limits()).containsEntry("errorRateMarginPoints", 1.0).containsEntry("minRequests", 1000.0)
                .containsEntry("confidencePercent", 98.0).containsEntry("latencyAllowedMillis", 40.0);
    }

    @Test
    void atAllGreenThereIsNoBlueTrafficToCompareWithByDesign() {
        FakeAlbMetrics metrics = new FakeAlbMetrics().counts(GREEN, 1000, 500);

        GateResult result = gate(metrics).evaluate(GateContexts.at(Weights.ALL_GREEN));

        assertThat(result.verdict()).isEqualTo(Verdict.PASS);
        assertThat(result.message()).startsWith("not applicable at 100% green");
        assertThat(metrics.windowsAsked).isEmpty();
    }

    @Test
    void theEvidenceGrowsOverTheWholeBakeForBothSidesAlike() {
        FakeAlbMetrics metrics = sides(1_000, 10, 3_000, 30, 200, 200);

        gate(metrics).evaluate(GateContexts.at(QUARTER));

        assertThat(metrics.windowsAsked.subList(0, 2)).allSatisfy(window -> {
            assertThat(window.start()).isEqualTo(BAKE_STARTED);
            assertThat(window.end()).isEqualTo(BAKE_STARTED.plus(Duration.ofMinutes(11)));
        });
    }

    /** Eleven minutes from the bake's start; each side's p99 alternates a little around its value. */
    static FakeAlbMetrics sides(long greenRequests, long greenErrors, long blueRequests, long blueErrors,
                                double greenP99, double blueP99) {
        FakeAlbMetrics metrics = new FakeAlbMetrics();
        for (int i = 0; i < 11; i++) {
            double wobble = i % 2 == 0 ? 2 : -2;
            metrics.minute(GREEN, BAKE_STARTED.plusSeconds(60L * i), greenRequests, greenErrors, greenP99 + wobble);
            metrics.minute(BLUE, BAKE_STARTED.plusSeconds(60L * i), blueRequests, blueErrors, blueP99 - wobble);
        }
        return metrics;
    }

    static CompareToBlueGate gate(FakeAlbMetrics metrics) {
        GateSpec.CompareToBlue spec = new GateSpec.CompareToBlue(null, null, null, null, null, null, null);
        return new CompareToBlueGate(metrics, GREEN, BLUE, new CompareToBlueGate.Settings(spec.errorRateMargin(),
                spec.latencyMarginPercent(), spec.latencyFloorMillis(), spec.minRequests(), spec.confidence(),
                spec.warmup(), spec.window()));
    }
}
