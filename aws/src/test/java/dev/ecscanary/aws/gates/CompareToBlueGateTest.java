package dev.ecscanary.aws.gates;

import static dev.ecscanary.aws.gates.GateContexts.BLUE;
import static dev.ecscanary.aws.gates.GateContexts.GREEN;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ecscanary.port.Gate.GateResult;
import dev.ecscanary.spec.Weights;
import dev.ecscanary.state.Verdict;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Margins: error rate 1 percentage point, p99 latency 20%; at least 100 requests on each side. */
class CompareToBlueGateTest {

    static final Weights QUARTER = Weights.forGreenPercent(25);

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("green has not served enough requests yet",
                        new FakeAlbMetrics().counts(GREEN, 40, 0).counts(BLUE, 900, 0), Verdict.INCONCLUSIVE,
                        "green served 40 and blue 900 requests from 2026-03-01T12:06:00Z to 2026-03-01T12:11:00Z;"
                                + " at least 100 each are needed to compare"),
                Arguments.of("blue has not served enough requests",
                        new FakeAlbMetrics().counts(GREEN, 400, 0).counts(BLUE, 99, 0), Verdict.INCONCLUSIVE,
                        "green served 400 and blue 99 requests from 2026-03-01T12:06:00Z to 2026-03-01T12:11:00Z;"
                                + " at least 100 each are needed to compare"),
                Arguments.of("green's error rate more than the margin above blue's fails",
                        new FakeAlbMetrics().counts(GREEN, 200, 6).counts(BLUE, 900, 9), Verdict.FAIL,
                        "green error rate 3% (6 of 200 requests) vs blue 1% (9 of 900 requests):"
                                + " more than 1 percentage points worse"),
                Arguments.of("green's p99 more than the margin above blue's fails",
                        new FakeAlbMetrics().counts(GREEN, 200, 2).counts(BLUE, 900, 9).p99(GREEN, 250).p99(BLUE, 200),
                        Verdict.FAIL, "green p99 latency 250 ms vs blue 200 ms: more than 20% slower (limit 240 ms)"),
                Arguments.of("green within both margins passes",
                        new FakeAlbMetrics().counts(GREEN, 200, 3).counts(BLUE, 900, 9).p99(GREEN, 240).p99(BLUE, 200),
                        Verdict.PASS, "green error rate 1.5% (3 of 200 requests) vs blue 1% (9 of 900 requests)"
                                + " (margin 1 points); p99 latency 240 ms vs blue 200 ms (margin 20%)"),
                Arguments.of("latency cannot be compared without blue's response times",
                        new FakeAlbMetrics().counts(GREEN, 200, 0).counts(BLUE, 900, 0).p99(GREEN, 100),
                        Verdict.INCONCLUSIVE, "green error rate 0% (0 of 200 requests) vs blue 0% (0 of 900 requests);"
                                + " p99 latency not comparable: no TargetResponseTime for blue"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void judgesGreenAgainstBlueOverTheSameWindow(String claim, FakeAlbMetrics metrics, Verdict verdict,
                                                 String evidence) {
        GateResult result = gate(metrics).evaluate(GateContexts.at(QUARTER));

        assertThat(result.verdict()).isEqualTo(verdict);
        assertThat(result.message()).isEqualTo(evidence);
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
    void bothSidesAreMeasuredOverTheSameWindow() {
        FakeAlbMetrics metrics = new FakeAlbMetrics().counts(GREEN, 200, 0).counts(BLUE, 900, 0)
                .p99(GREEN, 100).p99(BLUE, 100);

        gate(metrics).evaluate(GateContexts.at(QUARTER));

        assertThat(metrics.windowsAsked).hasSize(4).containsOnly(metrics.windowsAsked.get(0));
    }

    private static CompareToBlueGate gate(FakeAlbMetrics metrics) {
        return new CompareToBlueGate(metrics, GREEN, BLUE, 1.0, 20.0, 100, Duration.ofMinutes(5));
    }
}
