package dev.ecscanary.aws.gates;

import static dev.ecscanary.aws.gates.GateContexts.BLUE;
import static dev.ecscanary.aws.gates.GateContexts.GREEN;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ecscanary.port.Gate.GateResult;
import dev.ecscanary.spec.Weights;
import dev.ecscanary.state.Verdict;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Intended: 25% green; tolerance 10 points; at least 100 requests. */
class TrafficShareGateTest {

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("clients stuck on blue fail the gate", 31, 969, Verdict.FAIL, 3.1,
                        "green received 3.1% of requests, intended 25% (tolerance 10 points): clients ignoring"
                                + " the DNS TTL keep talking to blue (31 of 1000 requests)"),
                Arguments.of("a share within the tolerance passes", 240, 760, Verdict.PASS, 24.0,
                        "green received 24% of requests, intended 25% (tolerance 10 points) (240 of 1000 requests)"),
                Arguments.of("a share exactly at the tolerance passes", 150, 850, Verdict.PASS, 15.0,
                        "green received 15% of requests, intended 25% (tolerance 10 points) (150 of 1000 requests)"),
                Arguments.of("more than intended fails too", 600, 400, Verdict.FAIL, 60.0,
                        "green received 60% of requests, intended 25% (tolerance 10 points): more than its weight"
                                + " sends, so something besides the weighted records routes to green"
                                + " (600 of 1000 requests)"),
                Arguments.of("too few requests hold the step but still report the share", 2, 48,
                        Verdict.INCONCLUSIVE, 4.0,
                        "green received 4% of requests, intended 25% (tolerance 10 points) (2 of 50 requests);"
                                + " at least 100 requests are needed to judge"),
                Arguments.of("no requests at all cannot be measured", 0, 0, Verdict.INCONCLUSIVE, null,
                        "no requests reached either load balancer from 2026-03-01T12:10:00Z to 2026-03-01T12:11:00Z"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void comparesTheObservedShareWithTheIntendedWeight(String claim, long greenRequests, long blueRequests,
                                                       Verdict verdict, Double observed, String evidence) {
        FakeAlbMetrics metrics = new FakeAlbMetrics().counts(GREEN, greenRequests, 0).counts(BLUE, blueRequests, 0);

        GateResult result = new TrafficShareGate(metrics, GREEN, BLUE, 10.0, 100, Duration.ofMinutes(1))
                .evaluate(GateContexts.at(Weights.forGreenPercent(25)));

        assertThat(result.verdict()).isEqualTo(verdict);
        assertThat(result.message()).isEqualTo(evidence);
        assertThat(result.observedGreenPercent()).isEqualTo(observed);
        if (greenRequests + blueRequests > 0) {
            assertThat(result.measured()).containsEntry("greenRequests", (double) greenRequests)
                    .containsEntry("requests", (double) (greenRequests + blueRequests))
                    .containsEntry("intendedGreenPercent", 25.0);
            assertThat(result.limits()).containsEntry("tolerancePoints", 10.0).containsEntry("minRequests", 100.0);
        }
    }
}
