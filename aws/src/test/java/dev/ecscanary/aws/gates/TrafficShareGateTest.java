package dev.ecscanary.aws.gates;

import static dev.ecscanary.aws.gates.GateContexts.BLUE;
import static dev.ecscanary.aws.gates.GateContexts.GREEN;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ecscanary.port.Gate.GateResult;
import dev.ecscanary.spec.GateSpec;
import dev.ecscanary.spec.Weights;
import dev.ecscanary.state.Verdict;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Intended: 25% green; tolerance 10 points; at least 100 requests; the default 5-minute window,
 * which at 12:10:30 holds the minutes 12:06 to 12:10.
 */
class TrafficShareGateTest {

    static final Instant FIRST_MINUTE = Instant.parse("2026-03-01T12:06:00Z");

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("clients stuck on blue fail the gate", new long[] {6, 6, 6, 6, 6},
                        new long[] {194, 194, 194, 194, 194}, Verdict.FAIL,
                        "green received 3% of requests (95% interval 1.5-4.5%), intended 25% (tolerance 10 points): "
                                + "clients ignoring the DNS TTL keep talking to blue (30 of 1000 requests in 5 minutes)"),
                Arguments.of("a share whose whole interval is within the tolerance passes", new long[] {48, 48, 48, 48, 48},
                        new long[] {152, 152, 152, 152, 152}, Verdict.PASS,
                        "green received 24% of requests (95% interval 20.25-27.75%), intended 25% (tolerance 10 "
                                + "points) (240 of 1000 requests in 5 minutes)"),
                Arguments.of("minutes that disagree widen the interval past the tolerance: not judged yet",
                        new long[] {10, 40, 5, 35, 10}, new long[] {90, 60, 95, 65, 90}, Verdict.INCONCLUSIVE,
                        "the interval reaches past the tolerance: more requests will tell"),
                Arguments.of("more than intended fails too", new long[] {120, 120, 120, 120, 120},
                        new long[] {80, 80, 80, 80, 80}, Verdict.FAIL,
                        "more than its weight sends, so something besides the weighted records routes to green"),
                Arguments.of("too few requests hold the step but still report the share", new long[] {0, 0, 0, 0, 2},
                        new long[] {0, 0, 0, 0, 48}, Verdict.INCONCLUSIVE,
                        "green received 4% of requests, intended 25% (tolerance 10 points) (2 of 50 requests in 1 "
                                + "minute); at least 100 requests are needed to judge"),
                Arguments.of("requests in one minute only cannot show how they cluster", new long[] {0, 0, 0, 0, 240},
                        new long[] {0, 0, 0, 0, 760}, Verdict.INCONCLUSIVE,
                        "requests in at least 2 minutes are needed to tell how they cluster by resolver"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void judgesTheIntervalOfTheObservedShareAgainstTheIntendedWeight(String claim, long[] green, long[] blue,
                                                                    Verdict verdict, String evidence) {
        FakeAlbMetrics metrics = new FakeAlbMetrics().requestsPerMinute(GREEN, FIRST_MINUTE, green)
                .requestsPerMinute(BLUE, FIRST_MINUTE, blue);

        GateResult result = gate(metrics).evaluate(GateContexts.at(Weights.forGreenPercent(25)));

        long greenRequests = Stream.of(green).flatMapToLong(java.util.Arrays::stream).sum();
        long requests = greenRequests + Stream.of(blue).flatMapToLong(java.util.Arrays::stream).sum();
        assertThat(result.verdict()).isEqualTo(verdict);
        assertThat(result.message()).contains(evidence);
        assertThat(result.observedGreenPercent()).isCloseTo(100.0 * greenRequests / requests,
                org.assertj.core.api.Assertions.within(1e-9));
        assertThat(result.measured()).containsEntry("greenRequests", (double) greenRequests)
                .containsEntry("requests", (double) requests).containsEntry("intendedGreenPercent", 25.0);
        assertThat(result.limits()).containsEntry("tolerancePoints", 10.0).containsEntry("minRequests", 100.0)
                .containsEntry("confidencePercent", 95.0);
    }

    @Test
    void theEvidenceCarriesTheIntervalAndTheMinutesItCameFrom() {
        FakeAlbMetrics metrics = new FakeAlbMetrics()
                .requestsPerMinute(GREEN, FIRST_MINUTE, 48, 48, 48, 48, 48)
                .requestsPerMinute(BLUE, FIRST_MINUTE, 152, 152, 152, 152, 152);

        GateResult result = gate(metrics).evaluate(GateContexts.at(Weights.forGreenPercent(25)));

        assertThat(result.measured()).containsEntry("minutes", 5.0).containsKeys("intervalLowPercent",
                "intervalHighPercent");
        assertThat(result.measured().get("intervalLowPercent")).isCloseTo(20.25, org.assertj.core.api.Assertions.within(0.01));
    }

    @Test
    void aMinuteOnlyOneSideHasAPointForCountsZeroForTheOther() {
        FakeAlbMetrics metrics = new FakeAlbMetrics()
                .requestsPerMinute(GREEN, FIRST_MINUTE.plusSeconds(180), 30)
                .requestsPerMinute(BLUE, FIRST_MINUTE, 100, 100, 100, 100, 100);

        GateResult result = gate(metrics).evaluate(GateContexts.at(Weights.forGreenPercent(25)));

        assertThat(result.measured()).containsEntry("greenRequests", 30.0).containsEntry("requests", 530.0)
                .containsEntry("minutes", 5.0);
    }

    @Test
    void noRequestsAtAllCannotBeMeasured() {
        GateResult result = gate(new FakeAlbMetrics()).evaluate(GateContexts.at(Weights.forGreenPercent(25)));

        assertThat(result.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(result.message()).isEqualTo(
                "no requests reached either load balancer from 2026-03-01T12:06:00Z to 2026-03-01T12:11:00Z");
        assertThat(result.observedGreenPercent()).isNull();
    }

    static TrafficShareGate gate(FakeAlbMetrics metrics) {
        return new TrafficShareGate(metrics, GREEN, BLUE, 10.0, 100, GateSpec.TrafficShare.DEFAULT_WINDOW);
    }
}
