package dev.ecscanary.aws.gates;

import static dev.ecscanary.aws.gates.GateContexts.GREEN;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ecscanary.port.Gate.GateResult;
import dev.ecscanary.spec.GateSpec.Metric;
import dev.ecscanary.spec.Weights;
import dev.ecscanary.state.Verdict;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class MetricThresholdGateTest {

    static final Weights QUARTER = Weights.forGreenPercent(25);

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("too few requests to judge", Metric.ERROR_RATE, 5.0,
                        new FakeAlbMetrics().counts(GREEN, 40, 30), Verdict.INCONCLUSIVE,
                        "green served 40 requests from 2026-03-01T12:06:00Z to 2026-03-01T12:11:00Z;"
                                + " at least 50 are needed to judge"),
                Arguments.of("an error rate above the maximum fails with the numbers", Metric.ERROR_RATE, 5.0,
                        new FakeAlbMetrics().counts(GREEN, 200, 15), Verdict.FAIL,
                        "green error rate 7.5% (15 of 200 requests) is above the maximum 5%"),
                Arguments.of("an error rate at the maximum passes", Metric.ERROR_RATE, 5.0,
                        new FakeAlbMetrics().counts(GREEN, 200, 10), Verdict.PASS,
                        "green error rate 5% (10 of 200 requests) is within the maximum 5%"),
                Arguments.of("a p99 above the maximum fails with the numbers", Metric.LATENCY_P99, 500.0,
                        new FakeAlbMetrics().counts(GREEN, 200, 0).p99(GREEN, 850.5), Verdict.FAIL,
                        "green p99 latency 850.5 ms over 200 requests is above the maximum 500 ms"),
                Arguments.of("a p99 within the maximum passes", Metric.LATENCY_P99, 500.0,
                        new FakeAlbMetrics().counts(GREEN, 200, 0).p99(GREEN, 120), Verdict.PASS,
                        "green p99 latency 120 ms over 200 requests is within the maximum 500 ms"),
                Arguments.of("requests without response times cannot be judged", Metric.LATENCY_P99, 500.0,
                        new FakeAlbMetrics().counts(GREEN, 200, 0), Verdict.INCONCLUSIVE,
                        "green has no TargetResponseTime from 2026-03-01T12:06:00Z to 2026-03-01T12:11:00Z"
                                + " although it served 200 requests"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void judgesGreenAgainstAFixedMaximum(String claim, Metric metric, double max, FakeAlbMetrics metrics,
                                         Verdict verdict, String evidence) {
        GateResult result = gate(metrics, metric, max).evaluate(GateContexts.at(QUARTER));

        assertThat(result.verdict()).isEqualTo(verdict);
        assertThat(result.message()).isEqualTo(evidence);
        assertThat(result.observedGreenPercent()).isNull();
    }

    @Test
    void rightAfterTheBakeBeganThereIsNothingToMeasureYet() {
        FakeAlbMetrics metrics = new FakeAlbMetrics().counts(GREEN, 1000, 1000);

        GateResult result = gate(metrics, Metric.ERROR_RATE, 5).evaluate(GateContexts.bakeJustBegan(QUARTER));

        assertThat(result.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(result.message()).startsWith("the bake began less than a minute ago");
        assertThat(metrics.windowsAsked).isEmpty();
    }

    private static MetricThresholdGate gate(FakeAlbMetrics metrics, Metric metric, double max) {
        return new MetricThresholdGate(metrics, GREEN, metric, max, Duration.ofMinutes(5), 50);
    }
}
