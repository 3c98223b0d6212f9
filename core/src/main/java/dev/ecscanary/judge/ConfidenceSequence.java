package dev.ecscanary.judge;

/**
 * The half-width of an asymptotic confidence sequence for a mean (Waudby-Smith et al., 2021,
 * Theorem 2.2): with {@code n} units, an estimate whose variance is {@code variance}, and
 * per-unit variance {@code variance * n},
 *
 * <pre>  σ̂ · sqrt( 2(nρ² + 1) / (n²ρ²) · ln( sqrt(nρ² + 1) / α ) )</pre>
 *
 * <p>which covers the true mean at every {@code n} at once with probability 1 − α. The tuning ρ is
 * fixed in advance so that the sequence is tightest at {@code tightestAt} units:
 * ρ² = (2 ln(1/α) + ln(2 ln(1/α) + 1)) / tightestAt.
 */
final class ConfidenceSequence {

    private ConfidenceSequence() {
    }

    static double halfWidth(double variance, long n, long tightestAt, double alpha) {
        double logInverseAlpha = Math.log(1 / alpha);
        double rhoSquared = (2 * logInverseAlpha + Math.log(2 * logInverseAlpha + 1)) / tightestAt;
        double perUnitSd = Math.sqrt(variance * n);
        double nRho = n * rhoSquared;
        return perUnitSd * Math.sqrt(2 * (nRho + 1) / ((double) n * n * rhoSquared)
                * Math.log(Math.sqrt(nRho + 1) / alpha));
    }
}
