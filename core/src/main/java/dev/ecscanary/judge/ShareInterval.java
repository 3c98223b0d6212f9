package dev.ecscanary.judge;

import java.util.List;
import org.apache.commons.statistics.distribution.TDistribution;

/**
 * The share of requests green received over some minutes, with a confidence interval that is honest
 * about how DNS splits traffic: per resolver, not per request. Every client behind one resolver
 * goes the same way for a TTL, so requests arrive in clusters and a plain binomial interval would be
 * far too narrow. The minutes are taken as the clusters: the interval is the ratio estimator's,
 * with its variance estimated from how the per-minute shares spread (the linearization, or
 * "cluster-robust", estimator), never below the binomial variance, and Student's t with one degree
 * of freedom less than the minutes used.
 *
 * @param greenRequests requests green's load balancer received
 * @param requests      requests both received
 * @param minutes       minutes with at least one request, the clusters the spread is estimated from
 * @param share         green's share of the requests, 0..1 (NaN without requests)
 * @param low           the interval's lower end, 0..1 (NaN with fewer than two minutes)
 * @param high          the interval's upper end, 0..1 (NaN with fewer than two minutes)
 * @param confidence    of the interval, e.g. 0.95
 */
public record ShareInterval(long greenRequests, long requests, int minutes, double share, double low, double high,
                            double confidence) {

    /** Requests per side in one minute; a minute CloudWatch has no point for counts zero. */
    public record Minute(long green, long blue) {
        public Minute {
            if (green < 0 || blue < 0) {
                throw new IllegalArgumentException("request counts cannot be negative, were green " + green
                        + " and blue " + blue);
            }
        }

        long requests() {
            return green + blue;
        }
    }

    public static ShareInterval of(List<Minute> minutes, double confidence) {
        if (!(confidence > 0 && confidence < 1)) {
            throw new IllegalArgumentException("confidence must be between 0 and 1, was " + confidence);
        }
        List<Minute> used = minutes.stream().filter(m -> m.requests() > 0).toList();
        long green = used.stream().mapToLong(Minute::green).sum();
        long total = used.stream().mapToLong(Minute::requests).sum();
        int m = used.size();
        if (total == 0) {
            return new ShareInterval(0, 0, 0, Double.NaN, Double.NaN, Double.NaN, confidence);
        }
        double share = (double) green / total;
        if (m < 2) {
            return new ShareInterval(green, total, m, share, Double.NaN, Double.NaN, confidence);
        }
        double squaredResiduals = 0;
        for (Minute minute : used) {
            double residual = minute.green() - share * minute.requests();
            squaredResiduals += residual * residual;
        }
        double clustered = (double) m / (m - 1) * squaredResiduals / ((double) total * total);
        double binomial = share * (1 - share) / total;
        double standardError = Math.sqrt(Math.max(clustered, binomial));
        double t = TDistribution.of(m - 1).inverseSurvivalProbability((1 - confidence) / 2);
        return new ShareInterval(green, total, m, share, Math.max(0, share - t * standardError),
                Math.min(1, share + t * standardError), confidence);
    }

    /** Whether there is an interval at all: requests in at least two minutes. */
    public boolean hasInterval() {
        return !Double.isNaN(low);
    }
}
