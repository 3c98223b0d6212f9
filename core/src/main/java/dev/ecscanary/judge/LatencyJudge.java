package dev.ecscanary.judge;

import dev.ecscanary.state.Verdict;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.statistics.distribution.NormalDistribution;

/**
 * Is green slower than blue by more than is allowed? Green's per-minute response-time percentiles
 * against blue's over the same minutes: a one-sided Mann-Whitney test with the Hodges-Lehmann
 * estimate of the shift (the median of every green-minus-blue difference) and its distribution-free
 * confidence bounds (order statistics of those differences). Comparing minute against minute, not
 * request against request, keeps a burst of slow requests within a minute from counting as many
 * independent pieces of evidence.
 *
 * <p>The allowed shift is the larger of an absolute floor and a percentage of blue's median, so
 * that a fast service is not failed for a millisecond. FAIL when the lower bound of the shift
 * exceeds it, PASS when the upper bound stays below it with enough minutes, else INCONCLUSIVE.
 * The gate looks again every interval, but the evidence only grows a minute at a time: the
 * verdict on k minutes spends α·6/(π²k²) of the error budget α, so that all of them together
 * spend at most α however often they are looked at (an alpha-spending rule; the sum of 1/k² is
 * π²/6).
 */
public final class LatencyJudge {

    private static final NormalDistribution NORMAL = NormalDistribution.of(0, 1);

    private LatencyJudge() {
    }

    /** Both sides' response-time percentile in one minute, in milliseconds. */
    public record Minute(double greenMillis, double blueMillis) {
        public Minute {
            if (!(greenMillis >= 0) || !(blueMillis >= 0) || !Double.isFinite(greenMillis)
                    || !Double.isFinite(blueMillis)) {
                throw new IllegalArgumentException("response times must be finite and not negative, were green "
                        + greenMillis + " and blue " + blueMillis);
            }
        }
    }

    /**
     * @param shift       Hodges-Lehmann estimate of how much slower green is, in milliseconds
     * @param low         lower confidence bound of the shift at this look (-infinity: too few minutes)
     * @param high        upper confidence bound (+infinity: too few minutes)
     * @param allowed     the largest shift allowed: max(floor, marginPercent of blue's median)
     * @param pValue      one-sided Mann-Whitney p-value for "green is slower" (normal approximation)
     * @param alphaAtLook the error budget this look spends
     */
    public record Evidence(Verdict verdict, int minutes, double greenMedian, double blueMedian, double shift,
                           double low, double high, double allowed, double pValue, double alphaAtLook, int look,
                           int minMinutes) {
    }

    /**
     * @param minutes       the minutes to compare: warm-up and minutes with too few requests already left out
     * @param floorMillis   the smallest shift ever counted as slower
     * @param marginPercent the shift allowed as a percentage of blue's median
     */
    public static Evidence judge(List<Minute> minutes, double floorMillis, double marginPercent, double confidence,
                                 int minMinutes) {
        if (!(confidence > 0 && confidence < 1)) {
            throw new IllegalArgumentException("confidence must be between 0 and 1, was " + confidence);
        }
        int n = minutes.size();
        int look = Math.max(1, n);
        double alpha = (1 - confidence) * 6 / (Math.PI * Math.PI * look * look);
        double[] green = minutes.stream().mapToDouble(Minute::greenMillis).sorted().toArray();
        double[] blue = minutes.stream().mapToDouble(Minute::blueMillis).sorted().toArray();
        if (n == 0) {
            return new Evidence(Verdict.INCONCLUSIVE, 0, Double.NaN, Double.NaN, Double.NaN,
                    Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, floorMillis, Double.NaN, alpha, look,
                    minMinutes);
        }
        double blueMedian = median(blue);
        double allowed = Math.max(floorMillis, blueMedian * marginPercent / 100);
        double[] differences = new double[n * n];
        int k = 0;
        long greater = 0;
        long ties = 0;
        for (double g : green) {
            for (double b : blue) {
                differences[k++] = g - b;
                if (g > b) {
                    greater++;
                } else if (g == b) {
                    ties++;
                }
            }
        }
        Arrays.sort(differences);
        double pairs = (double) n * n;
        double sd = Math.sqrt(pairs * (2 * n + 1) / 12);
        double u = greater + ties / 2.0;
        double pValue = NORMAL.survivalProbability((u - pairs / 2 - 0.5) / sd);
        int d = (int) Math.floor(pairs / 2 - NORMAL.inverseSurvivalProbability(alpha) * sd);
        double low = d >= 1 ? differences[d - 1] : Double.NEGATIVE_INFINITY;
        double high = d >= 1 ? differences[differences.length - d] : Double.POSITIVE_INFINITY;
        Verdict verdict = low > allowed ? Verdict.FAIL
                : high < allowed && n >= minMinutes ? Verdict.PASS
                : Verdict.INCONCLUSIVE;
        return new Evidence(verdict, n, median(green), blueMedian, median(differences), low, high, allowed, pValue,
                alpha, look, minMinutes);
    }

    private static double median(double[] sorted) {
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
