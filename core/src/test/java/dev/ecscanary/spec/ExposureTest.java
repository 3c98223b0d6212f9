package dev.ecscanary.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a plan promises about a bad green: who sees it, and for how long at worst. */
class ExposureTest {

    static final Duration PROPAGATION = Duration.ofSeconds(60);
    static final Duration TTL = Duration.ofSeconds(20);

    @Test
    void theSlowestGateDecidesAndCloudWatchGatesWaitForTheirDatapoint() {
        GateSpec health = new GateSpec.TargetHealth(null, Duration.ofSeconds(30), null, null, 2);
        GateSpec alarms = new GateSpec.Alarms(null, Duration.ofMinutes(1), 2, List.of("shop-green-5xx"));

        Exposure exposure = Exposure.of(25, List.of(health, alarms), PROPAGATION, TTL);

        assertThat(Exposure.detection(health)).isEqualTo(Duration.ofSeconds(30));
        assertThat(exposure.detection()).as("1m x 2, plus the 1m period and ~1m publication")
                .isEqualTo(Duration.ofMinutes(4));
        assertThat(exposure.slowestGate()).isEqualTo("alarms");
        assertThat(exposure.total()).isEqualTo(Duration.ofMinutes(5).plusSeconds(20));
        assertThat(exposure.describe()).isEqualTo("25% for up to 5m20s");
    }

    @Test
    void withoutAGateNothingWouldFailABadGreenBack() {
        Exposure exposure = Exposure.of(10, List.of(), PROPAGATION, TTL);

        assertThat(exposure.total()).isNull();
        assertThat(exposure.describe()).isEqualTo("10% with no gate watching");
    }
}
