package dev.ecscanary.aws.gates;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecscanary.port.Gate.GateContext;
import dev.ecscanary.spec.Weights;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class MetricWindowTest {

    static Stream<Arguments> windows() {
        return Stream.of(
                Arguments.of("the window ends with the current minute, which is still filling",
                        "12:00:00", "12:10:30", 5, "12:06:00", "12:11:00"),
                Arguments.of("it never reaches back before the bake began",
                        "12:08:10", "12:10:30", 5, "12:09:00", "12:11:00"),
                Arguments.of("a minute already begun before the bake is not counted",
                        "12:09:59", "12:10:30", 5, "12:10:00", "12:11:00"),
                Arguments.of("an instant on a minute boundary stays where it is",
                        "12:00:00", "12:10:00", 5, "12:05:00", "12:10:00"),
                Arguments.of("without a bake start the whole window counts",
                        null, "12:10:30", 5, "12:06:00", "12:11:00"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("windows")
    void wholeMinutesOfTheWindowSinceTheBakeBegan(String claim, String bakeStarted, String now, int minutes,
                                                  String start, String end) {
        MetricWindow window = MetricWindow.of(context(bakeStarted, now), Duration.ofMinutes(minutes));

        assertThat(window).isEqualTo(new MetricWindow(at(start), at(end)));
        assertThat(window.periodSeconds()).isEqualTo(Duration.between(at(start), at(end)).toSeconds());
    }

    @ParameterizedTest(name = "bake began at {0}, now {1}")
    @MethodSource("justBegun")
    void isEmptyWhileNoWholeMinuteOfTheBakeCanBeMeasured(String bakeStarted, String now) {
        assertThat(MetricWindow.of(context(bakeStarted, now), Duration.ofMinutes(5)).isEmpty()).isTrue();
    }

    static Stream<Arguments> justBegun() {
        return Stream.of(Arguments.of("12:10:10", "12:10:30"), Arguments.of("12:10:00", "12:10:00"));
    }

    private static GateContext context(String bakeStarted, String now) {
        return new GateContext("d", 1, Weights.forGreenPercent(10), bakeStarted == null ? null : at(bakeStarted), at(now));
    }

    private static Instant at(String time) {
        return Instant.parse("2026-03-01T" + time + "Z");
    }
}
