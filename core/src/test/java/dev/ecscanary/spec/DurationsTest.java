package dev.ecscanary.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DurationsTest {

    @ParameterizedTest(name = "''{0}'' is {1} ms")
    @CsvSource({"30s,30000", "5m,300000", "1h30m,5400000", "250ms,250", "90,90000", "PT2M,120000", "1d,86400000",
        "2m30s,150000"})
    void readsTheFormsPeopleWrite(String text, long millis) {
        assertThat(Durations.parse(text)).isEqualTo(Duration.ofMillis(millis));
    }

    @ParameterizedTest(name = "''{0}'' is refused")
    @CsvSource({"5 minutes", "m5", "1.5m", "-5s", "PTx"})
    void refusesAnythingElseWithAnExample(String text) {
        assertThatThrownBy(() -> Durations.parse(text)).hasMessageContaining("30s, 5m, 1h30m");
    }

    @ParameterizedTest(name = "{0} ms formats as {1}")
    @CsvSource({"0,0s", "45000,45s", "5400000,1h30m", "250,250ms", "90061000,1d1h1m1s"})
    void formatsTheShortestForm(long millis, String text) {
        assertThat(Durations.format(Duration.ofMillis(millis))).isEqualTo(text);
    }
}
