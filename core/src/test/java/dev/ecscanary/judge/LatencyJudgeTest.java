package dev.ecscanary.judge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.ecscanary.judge.LatencyJudge.Evidence;
import dev.ecscanary.judge.LatencyJudge.Minute;
import dev.ecscanary.state.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LatencyJudgeTest {

    static final double CONFIDENCE = 0.98;

    @Test
    void greenFiftyMillisecondsSlowerThanABlueOfAHundredFails() {
        Evidence evidence = LatencyJudge.judge(minutes(new Random(1), 20, 150, 100, 5), 10, 20, CONFIDENCE, 5);

        assertThat(evidence.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(evidence.shift()).isCloseTo(50, within(5.0));
        assertThat(evidence.allowed()).isCloseTo(20, within(1.0));
        assertThat(evidence.low()).isGreaterThan(20);
        assertThat(evidence.pValue()).isLessThan(0.001);
    }

    @Test
    void greenAsFastAsBlueOverEnoughMinutesPasses() {
        Evidence evidence = LatencyJudge.judge(minutes(new Random(2), 20, 100, 100, 5), 10, 20, CONFIDENCE, 5);

        assertThat(evidence.verdict()).isEqualTo(Verdict.PASS);
        assertThat(evidence.high()).isLessThan(evidence.allowed());
    }

    @Test
    void tooFewMinutesTellNothing() {
        Evidence evidence = LatencyJudge.judge(minutes(new Random(3), 3, 100, 100, 5), 10, 20, CONFIDENCE, 5);

        assertThat(evidence.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
    }

    @Test
    void aFastServiceIsNotFailedForAMillisecond() {
        Evidence evidence = LatencyJudge.judge(minutes(new Random(4), 30, 7, 5, 0.2), 10, 20, CONFIDENCE, 5);

        assertThat(evidence.allowed()).isEqualTo(10);
        assertThat(evidence.verdict()).isEqualTo(Verdict.PASS);
    }

    @Test
    void theShiftIsTheMedianOfEveryGreenMinusBlueDifference() {
        List<Minute> minutes = List.of(new Minute(10, 1), new Minute(20, 2), new Minute(30, 3));

        // differences: 9 8 7 / 19 18 17 / 29 28 27: the median is 18
        assertThat(LatencyJudge.judge(minutes, 1, 10, CONFIDENCE, 5).shift()).isEqualTo(18);
    }

    @Test
    void eachFurtherMinuteSpendsLessOfTheErrorBudget() {
        Evidence ten = LatencyJudge.judge(minutes(new Random(5), 10, 120, 100, 10), 10, 10, CONFIDENCE, 5);
        Evidence twenty = LatencyJudge.judge(minutes(new Random(5), 20, 120, 100, 10), 10, 10, CONFIDENCE, 5);

        assertThat(ten.alphaAtLook()).isCloseTo(0.02 * 6 / (Math.PI * Math.PI * 100), within(1e-12));
        assertThat(twenty.alphaAtLook()).isCloseTo(ten.alphaAtLook() / 4, within(1e-12));
        assertThat(twenty.look()).isEqualTo(20);
    }

    /** Looked at after every minute for an hour, equal sides are FAILed in at most 2 % of canaries. */
    @Test
    void lookingAfterEveryMinuteDoesNotRaiseTheFalseAlarmRate() {
        Random random = new Random(6);
        int canaries = 300;
        int falseAlarms = 0;
        for (int c = 0; c < canaries; c++) {
            List<Minute> minutes = new ArrayList<>();
            boolean failed = false;
            for (int look = 1; look <= 60 && !failed; look++) {
                minutes.add(new Minute(100 + 10 * random.nextGaussian(), 100 + 10 * random.nextGaussian()));
                failed = LatencyJudge.judge(minutes, 0, 0, CONFIDENCE, 5).verdict() == Verdict.FAIL;
            }
            falseAlarms += failed ? 1 : 0;
        }
        assertThat(100.0 * falseAlarms / canaries).as("false alarms, %").isLessThanOrEqualTo(2.0);
    }

    static List<Minute> minutes(Random random, int count, double greenMillis, double blueMillis, double noise) {
        List<Minute> minutes = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            minutes.add(new Minute(Math.max(0, greenMillis + noise * random.nextGaussian()),
                    Math.max(0, blueMillis + noise * random.nextGaussian())));
        }
        return minutes;
    }
}
