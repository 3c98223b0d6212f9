package dev.ecscanary.judge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.ecscanary.judge.ShareInterval.Minute;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ShareIntervalTest {

    @Test
    void minutesThatAgreeGiveTheBinomialIntervalWithStudentsT() {
        List<Minute> minutes = List.of(new Minute(25, 75), new Minute(25, 75), new Minute(25, 75), new Minute(25, 75),
                new Minute(25, 75));

        ShareInterval share = ShareInterval.of(minutes, 0.95);

        double halfWidth = 2.7764451 * Math.sqrt(0.25 * 0.75 / 500);
        assertThat(share.share()).isEqualTo(0.25);
        assertThat(share.low()).isCloseTo(0.25 - halfWidth, within(1e-6));
        assertThat(share.high()).isCloseTo(0.25 + halfWidth, within(1e-6));
        assertThat(share.minutes()).isEqualTo(5);
        assertThat(share.requests()).isEqualTo(500);
        assertThat(share.greenRequests()).isEqualTo(125);
    }

    @Test
    void minutesThatDisagreeWidenTheIntervalBeyondTheBinomialOne() {
        List<Minute> minutes = List.of(new Minute(10, 90), new Minute(40, 60), new Minute(5, 95), new Minute(35, 65),
                new Minute(10, 90));

        ShareInterval share = ShareInterval.of(minutes, 0.95);

        // residuals -10, 20, -15, 15, -10: 1050 squared; 5/4 * 1050 / 500^2 = 0.00525
        double halfWidth = 2.7764451 * Math.sqrt(0.00525);
        assertThat(share.share()).isEqualTo(0.2);
        assertThat(share.low()).isEqualTo(0.0);
        assertThat(share.high()).isCloseTo(0.2 + halfWidth, within(1e-6));
    }

    @Test
    void minutesWithoutRequestsAreNotCountedAsClusters() {
        ShareInterval share = ShareInterval.of(List.of(new Minute(0, 0), new Minute(30, 70), new Minute(0, 0),
                new Minute(20, 80)), 0.95);

        assertThat(share.minutes()).isEqualTo(2);
        assertThat(share.share()).isEqualTo(0.25);
    }

    @Test
    void oneMinuteGivesAShareButNoInterval() {
        ShareInterval share = ShareInterval.of(List.of(new Minute(0, 0), new Minute(240, 760)), 0.95);

        assertThat(share.share()).isEqualTo(0.24);
        assertThat(share.hasInterval()).isFalse();
    }

    @Test
    void noRequestsGiveNoShare() {
        ShareInterval share = ShareInterval.of(List.of(new Minute(0, 0)), 0.95);

        assertThat(share.requests()).isZero();
        assertThat(share.share()).isNaN();
        assertThat(share.hasInterval()).isFalse();
    }

    /**
     * Traffic as DNS splits it: a few hundred resolvers, each sending all its clients' requests to
     * one side for a TTL, with resolvers of very different sizes. The interval covers green's real
     * share about as often as it claims to, where the binomial interval a per-request model gives
     * misses it most of the time.
     */
    @Test
    void overResolverClusteredTrafficTheIntervalCoversTheTrueShareAsOftenAsItClaims() {
        Random random = new Random(20261201);
        int canaries = 2_000;
        int covered = 0;
        int coveredByBinomial = 0;
        for (int canary = 0; canary < canaries; canary++) {
            List<Minute> minutes = clusteredMinutes(random, 0.25, 10, 200);
            ShareInterval share = ShareInterval.of(minutes, 0.95);
            if (share.low() <= 0.25 && 0.25 <= share.high()) {
                covered++;
            }
            double binomial = 1.96 * Math.sqrt(share.share() * (1 - share.share()) / share.requests());
            if (Math.abs(share.share() - 0.25) <= binomial) {
                coveredByBinomial++;
            }
        }
        assertThat(100.0 * covered / canaries).as("coverage, %").isBetween(92.0, 98.5);
        assertThat(100.0 * coveredByBinomial / canaries).as("coverage of the binomial interval, %").isLessThan(60.0);
    }

    @Test
    void nonsenseIsRefused() {
        assertThatThrownBy(() -> new Minute(-1, 5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot be negative");
        assertThatThrownBy(() -> ShareInterval.of(List.of(), 1.0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("confidence must be between 0 and 1, was 1.0");
    }

    /**
     * Each minute, every resolver (sized by a heavy-tailed law) sends its clients' requests to green
     * with probability {@code share}: requests move in blocks, not one by one.
     */
    static List<Minute> clusteredMinutes(Random random, double share, int minuteCount, int resolvers) {
        List<Minute> minutes = new ArrayList<>();
        for (int m = 0; m < minuteCount; m++) {
            long green = 0;
            long blue = 0;
            for (int r = 0; r < resolvers; r++) {
                long requests = Math.round(Math.exp(random.nextGaussian() * 1.2 + 2));
                if (random.nextDouble() < share) {
                    green += requests;
                } else {
                    blue += requests;
                }
            }
            minutes.add(new Minute(green, blue));
        }
        return minutes;
    }
}
