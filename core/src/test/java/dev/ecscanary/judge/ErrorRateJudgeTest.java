package dev.ecscanary.judge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ecscanary.judge.ErrorRateJudge.Evidence;
import dev.ecscanary.judge.ErrorRateJudge.Minute;
import dev.ecscanary.state.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ErrorRateJudgeTest {

    static final double MARGIN = 0.005;
    static final double CONFIDENCE = 0.98;

    @Test
    void greenAsGoodAsBlueWithItsMinimumSamplePasses() {
        Evidence evidence = ErrorRateJudge.judge(steady(20, 1_000, 10, 9_000, 90), MARGIN, CONFIDENCE, 10_000);

        assertThat(evidence.verdict()).isEqualTo(Verdict.PASS);
        assertThat(evidence.greenRate()).isEqualTo(0.01);
        assertThat(evidence.blueRate()).isEqualTo(0.01);
        assertThat(evidence.high()).isLessThan(MARGIN);
        assertThat(evidence.greenRequests()).isEqualTo(20_000);
        assertThat(evidence.minutes()).isEqualTo(20);
    }

    @Test
    void theSameGreenWithoutItsMinimumSampleIsNotPassedYet() {
        Evidence evidence = ErrorRateJudge.judge(steady(10, 1_000, 10, 9_000, 90), MARGIN, CONFIDENCE, 20_000);

        assertThat(evidence.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(evidence.high()).isLessThan(MARGIN);
    }

    @Test
    void greenFailingFiveTimesAsOftenFailsEvenBeforeItsMinimumSample() {
        Evidence evidence = ErrorRateJudge.judge(steady(3, 1_000, 50, 9_000, 90), MARGIN, CONFIDENCE, 10_000);

        assertThat(evidence.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(evidence.difference()).isCloseTo(0.04, org.assertj.core.api.Assertions.within(1e-3));
        assertThat(evidence.low()).isGreaterThan(MARGIN);
    }

    @Test
    void aRateBothSidesShareSwingingFromMinuteToMinuteCancelsOut() {
        List<Minute> minutes = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            long blueErrors = i % 2 == 0 ? 270 : 45;   // 3 % then 0.5 %, on both sides alike
            minutes.add(new Minute(1_000, blueErrors / 9, 9_000, blueErrors));
        }

        assertThat(ErrorRateJudge.judge(minutes, MARGIN, CONFIDENCE, 10_000).verdict()).isEqualTo(Verdict.PASS);
    }

    @Test
    void aSingleMinuteIsNotEnoughToTellTheSpread() {
        Evidence evidence = ErrorRateJudge.judge(steady(1, 100_000, 5_000, 900_000, 9_000), MARGIN, CONFIDENCE, 10);

        assertThat(evidence.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(evidence.low()).isNaN();
    }

    /**
     * Anytime-valid: an A/A canary looked at after every minute for three hours is FAILed (here
     * with no margin at all, the hardest case) in at most 2 % of canaries, the 98 % confidence asked.
     */
    @Test
    void lookingAfterEveryMinuteDoesNotRaiseTheFalseAlarmRate() {
        Random random = new Random(7);
        int canaries = 300;
        int falseAlarms = 0;
        for (int c = 0; c < canaries; c++) {
            List<Minute> minutes = new ArrayList<>();
            boolean failed = false;
            for (int look = 0; look < 180 && !failed; look++) {
                minutes.add(new Minute(200, binomial(random, 200, 0.01), 1_800, binomial(random, 1_800, 0.01)));
                failed = ErrorRateJudge.judge(minutes, 0, CONFIDENCE, 2_000).verdict() == Verdict.FAIL;
            }
            falseAlarms += failed ? 1 : 0;
        }
        assertThat(100.0 * falseAlarms / canaries).as("false alarms, %").isLessThanOrEqualTo(2.0);
    }

    @Test
    void nonsenseIsRefusedSayingWhatWasWrong() {
        assertThatThrownBy(() -> new Minute(10, 11, 10, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("more errors than requests");
        assertThatThrownBy(() -> ErrorRateJudge.judge(List.of(), 1.5, CONFIDENCE, 10))
                .hasMessageContaining("margin must be a fraction in [0, 1), was 1.5");
        assertThatThrownBy(() -> ErrorRateJudge.judge(List.of(), 0, 0.98, 0))
                .hasMessageContaining("minRequests must be at least 1");
    }

    static List<Minute> steady(int count, long greenRequests, long greenErrors, long blueRequests, long blueErrors) {
        List<Minute> minutes = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            // A little wobble, so the minutes are not identical.
            long wobble = i % 2 == 0 ? 1 : -1;
            minutes.add(new Minute(greenRequests, Math.max(0, greenErrors + wobble), blueRequests,
                    Math.max(0, blueErrors - wobble)));
        }
        return minutes;
    }

    static long binomial(Random random, long n, double p) {
        long count = 0;
        for (long i = 0; i < n; i++) {
            if (random.nextDouble() < p) {
                count++;
            }
        }
        return count;
    }
}
