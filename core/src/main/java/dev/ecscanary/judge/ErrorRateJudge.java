package dev.ecscanary.judge;

import dev.ecscanary.state.Verdict;
import java.util.List;

/**
 * Is green's error rate worse than blue's by more than a margin? A non-inferiority verdict that
 * may be asked again every few seconds without raising its false-alarm rate, on traffic whose
 * errors come in clusters.
 *
 * <ul>
 *   <li><b>Same minutes, paired.</b> Both sides serve the same minutes, so what moves both (the
 *       time of day, a shared dependency) cancels out: the difference of the two rates is linearized
 *       minute by minute and its variance estimated from how those per-minute terms spread (the
 *       cluster-robust estimator, minutes as clusters), never below the binomial variance.</li>
 *   <li><b>Anytime-valid.</b> The interval is a confidence sequence: it holds at every look at
 *       once, not just at one planned sample size, so looking every interval does not inflate the
 *       error rate. It is the asymptotic confidence sequence of Waudby-Smith, Arbour, Sinha, Kennedy
 *       and Ramdas ("Time-uniform central limit theory and asymptotic confidence sequences", 2021,
 *       arXiv:2103.06476), a normal-mixture boundary (Robbins, 1970) with a plug-in variance, tuned
 *       to be tightest at the minimum sample.</li>
 *   <li><b>Decision.</b> FAIL when the whole sequence lies above the margin (green is worse than
 *       blue by more than the margin, at the confidence asked); PASS when it lies below the margin
 *       and green served its minimum sample; INCONCLUSIVE otherwise.</li>
 * </ul>
 */
public final class ErrorRateJudge {

    private ErrorRateJudge() {
    }

    /** One minute of both sides: requests and 5xx answers. */
    public record Minute(long greenRequests, long greenErrors, long blueRequests, long blueErrors) {
        public Minute {
            if (greenRequests < 0 || blueRequests < 0 || greenErrors < 0 || blueErrors < 0) {
                throw new IllegalArgumentException("counts cannot be negative: " + greenRequests + ", " + greenErrors
                        + ", " + blueRequests + ", " + blueErrors);
            }
            if (greenErrors > greenRequests || blueErrors > blueRequests) {
                throw new IllegalArgumentException("a side cannot have more errors than requests: green " + greenErrors
                        + " of " + greenRequests + ", blue " + blueErrors + " of " + blueRequests);
            }
        }
    }

    /**
     * The evidence, in fractions (0.01 is 1 %).
     *
     * @param difference green's rate minus blue's
     * @param low        the confidence sequence's lower end for the difference (NaN without data)
     * @param high       its upper end (NaN without data)
     * @param minutes    minutes in which both sides served requests
     */
    public record Evidence(Verdict verdict, long greenRequests, long greenErrors, long blueRequests,
                           long blueErrors, int minutes, double greenRate, double blueRate, double difference,
                           double low, double high, double margin, double confidence, long minRequests) {
    }

    /**
     * @param margin      how much worse green may be, as a fraction (0.005 is half a percentage point)
     * @param confidence  e.g. 0.98
     * @param minRequests green's requests needed before it can PASS; the sequence is tightest there
     */
    public static Evidence judge(List<Minute> minutes, double margin, double confidence, long minRequests) {
        if (!(confidence > 0 && confidence < 1)) {
            throw new IllegalArgumentException("confidence must be between 0 and 1, was " + confidence);
        }
        if (!(margin >= 0) || margin >= 1) {
            throw new IllegalArgumentException("margin must be a fraction in [0, 1), was " + margin);
        }
        if (minRequests < 1) {
            throw new IllegalArgumentException("minRequests must be at least 1, was " + minRequests);
        }
        List<Minute> used = minutes.stream().filter(m -> m.greenRequests() > 0 && m.blueRequests() > 0).toList();
        long greenRequests = used.stream().mapToLong(Minute::greenRequests).sum();
        long greenErrors = used.stream().mapToLong(Minute::greenErrors).sum();
        long blueRequests = used.stream().mapToLong(Minute::blueRequests).sum();
        long blueErrors = used.stream().mapToLong(Minute::blueErrors).sum();
        int m = used.size();
        if (m < 2) {
            double greenRate = greenRequests == 0 ? Double.NaN : (double) greenErrors / greenRequests;
            double blueRate = blueRequests == 0 ? Double.NaN : (double) blueErrors / blueRequests;
            return new Evidence(Verdict.INCONCLUSIVE, greenRequests, greenErrors, blueRequests, blueErrors, m,
                    greenRate, blueRate, greenRate - blueRate, Double.NaN, Double.NaN, margin, confidence,
                    minRequests);
        }
        double greenRate = (double) greenErrors / greenRequests;
        double blueRate = (double) blueErrors / blueRequests;
        double difference = greenRate - blueRate;
        double sum = 0;
        for (Minute minute : used) {
            double term = (minute.greenErrors() - greenRate * minute.greenRequests()) / greenRequests
                    - (minute.blueErrors() - blueRate * minute.blueRequests()) / blueRequests;
            sum += term * term;
        }
        double clustered = (double) m / (m - 1) * sum;
        double binomial = binomialVariance(greenErrors, greenRequests) + binomialVariance(blueErrors, blueRequests);
        double variance = Math.max(clustered, binomial);
        double halfWidth = ConfidenceSequence.halfWidth(variance, greenRequests, minRequests, 1 - confidence);
        double low = difference - halfWidth;
        double high = difference + halfWidth;
        Verdict verdict = low > margin ? Verdict.FAIL
                : high < margin && greenRequests >= minRequests ? Verdict.PASS
                : Verdict.INCONCLUSIVE;
        return new Evidence(verdict, greenRequests, greenErrors, blueRequests, blueErrors, m, greenRate, blueRate,
                difference, low, high, margin, confidence, minRequests);
    }

    /** With half an error added on each side, so that a side without errors is not taken as certain. */
    private static double binomialVariance(long errors, long requests) {
        double rate = (errors + 0.5) / (requests + 1.0);
        return rate * (1 - rate) / requests;
    }
}
