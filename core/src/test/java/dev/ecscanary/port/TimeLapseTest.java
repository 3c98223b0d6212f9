package dev.ecscanary.port;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecscanary.inmemory.VirtualClock;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class TimeLapseTest {

    @Test
    void timeRunsSpeedTimesFasterFromTheMomentTheClockWasMade() {
        VirtualClock wall = new VirtualClock(Instant.parse("2026-12-01T10:00:00Z"));
        TimeLapse lapse = new TimeLapse(wall, 30);

        wall.advance(Duration.ofSeconds(2));

        assertThat(lapse.instant()).isEqualTo(Instant.parse("2026-12-01T10:01:00Z"));
        assertThat(lapse.onTheWall(Duration.ofMinutes(5))).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void aSchedulerOnATimeLapseWaitsTheShorterWallTime() throws InterruptedException {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        try {
            TimeLapse lapse = new TimeLapse(InstantSource.system(), 600);
            CountDownLatch ran = new CountDownLatch(1);

            Scheduler.of(timer, lapse).schedule(lapse.instant().plus(Duration.ofMinutes(1)), ran::countDown);

            assertThat(ran.await(5, TimeUnit.SECONDS)).as("a lapsed minute is 100 ms on the wall").isTrue();
        } finally {
            timer.shutdownNow();
        }
    }
}
