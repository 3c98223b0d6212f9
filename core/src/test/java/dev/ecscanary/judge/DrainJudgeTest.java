package dev.ecscanary.judge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecscanary.port.TrafficMeter.MinuteTraffic;
import dev.ecscanary.state.DrainResult;
import dev.ecscanary.state.DrainResult.Status;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DrainJudgeTest {

    static final Instant SERVED = Instant.parse("2026-12-01T10:00:00Z");
    static final Duration TTL = Duration.ofSeconds(60);

    @Test
    void theChangeIsEffectiveFromTheFirstMinuteAfterWhichTheShareStaysBelowTheLimit() {
        DrainResult result = judge(drained(300, 120, 40, 5, 0, 2), other(1000, 1000, 1000, 1000, 1000, 1000));

        assertThat(result.status()).isEqualTo(Status.DRAINED);
        assertThat(result.effectiveAt()).as("40 of 1040 is above 1%; 5 of 1005 is not").isEqualTo(minute(3));
        assertThat(result.message()).startsWith("blue's share of requests fell to 1% or less 3m after Route53 served "
                + "the change and stayed there: 467 of 6467 requests in 6 minute(s)");
    }

    @Test
    void aShareAboveTheLimitInTheLastMinuteWithRequestsIsNotDrainedAndQuietMinutesAfterItChangeNothing() {
        DrainResult result = judge(drained(300, 0, 0, 50, 0, 0), other(1000, 1000, 1000, 1000, 0, 0));

        assertThat(result.status()).isEqualTo(Status.NOT_DRAINED);
        assertThat(result.stale().minutes()).as("from twice the TTL on: minutes 2 to 5").isEqualTo(4);
        assertThat(result.stale().requestsPerMinute()).isEqualTo(12.5);
    }

    @Test
    void staleDnsAndKeepAliveAreToldByTheNewConnectionsOfEachMinute() {
        List<MinuteTraffic> drained = List.of(new MinuteTraffic(minute(0), 400, 40), new MinuteTraffic(minute(1), 90, 0),
                new MinuteTraffic(minute(2), 60, 6), new MinuteTraffic(minute(3), 40, 0));

        DrainResult result = judge(drained, other(1000, 1000, 1000, 1000));

        assertThat(result.stale().staleDnsRequestsPerMinute()).isEqualTo(30.0);
        assertThat(result.stale().keepAliveRequestsPerMinute()).isEqualTo(20.0);
        assertThat(result.stale().newConnectionsPerMinute()).isEqualTo(3.0);
        assertThat(result.timeline()).hasSize(4);
    }

    @Test
    void noRequestsAnywhereIsNothingToVerify() {
        assertThat(judge(drained(0, 0), other(0, 0)).status()).isEqualTo(Status.NO_TRAFFIC);
    }

    private static DrainResult judge(List<MinuteTraffic> drained, List<MinuteTraffic> other) {
        return DrainJudge.judge("blue", drained, other, SERVED, TTL, 1.0, null);
    }

    private static List<MinuteTraffic> drained(long... requests) {
        List<MinuteTraffic> minutes = new ArrayList<>();
        for (int i = 0; i < requests.length; i++) {
            minutes.add(new MinuteTraffic(minute(i), requests[i], requests[i] / 10));
        }
        return minutes;
    }

    private static List<MinuteTraffic> other(long... requests) {
        return drained(requests);
    }

    private static Instant minute(int i) {
        return SERVED.plus(Duration.ofMinutes(i));
    }
}
