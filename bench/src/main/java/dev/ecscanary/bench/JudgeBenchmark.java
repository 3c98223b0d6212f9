package dev.ecscanary.bench;

import dev.ecscanary.judge.ErrorRateJudge;
import dev.ecscanary.judge.ErrorRateJudge.Minute;
import dev.ecscanary.state.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * How often the error-rate judge raises a false alarm, and how often it catches a real regression,
 * on simulated canaries whose traffic looks like production's: minute-level counts from resolvers
 * of very different sizes (DNS sends each resolver's clients all one way), error rates that differ
 * between resolvers (clustered errors), and a drift of the rate over the day that both sides share.
 *
 * <p>An A/A canary (green as good as blue) is a false positive if any look FAILs it. A canary whose
 * green doubles blue's error rate counts towards power if it is FAILed by the look at which green
 * has served the minimum sample. Looks come every minute, as a gate with a 1-minute interval would.
 */
public final class JudgeBenchmark {

    static final int CANARIES = Integer.getInteger("canaries", 1_000);
    static final double BLUE_ERROR_RATE = 0.01;
    static final double MARGIN = Double.parseDouble(System.getProperty("margin", "0.002"));
    static final double CONFIDENCE = 0.98;
    static final long MIN_REQUESTS = Long.getLong("minRequests", 10_000);
    static final int REQUESTS_PER_MINUTE = 6_000;
    static final double GREEN_SHARE = 0.10;
    static final int RESOLVERS = 400;
    /** Gamma shape of a resolver's error-rate multiplier: smaller is more clustered. */
    static final double RESOLVER_SHAPE = Double.parseDouble(System.getProperty("shape", "2.0"));

    public static void main(String[] args) {
        Random random = new Random(20261201);
        int falsePositives = 0;
        int caught = 0;
        long looks = 0;
        for (int canary = 0; canary < CANARIES; canary++) {
            Run aa = run(random, 1.0);
            falsePositives += aa.failedAtAnyLook() ? 1 : 0;
            Run doubled = run(random, 2.0);
            caught += doubled.failedByMinimumSample() ? 1 : 0;
            looks += aa.looks() + doubled.looks();
        }
        double looksPerCanary = (double) looks / (2.0 * CANARIES);
        System.out.printf("%d A/A canaries and %d with green's error rate doubled (blue %.1f%%, margin %.1f points, "
                        + "%.0f%% confidence, minimum sample %d green requests, %d requests/min, %.0f%% to green, "
                        + "%d resolvers)%n", CANARIES, CANARIES, 100 * BLUE_ERROR_RATE, 100 * MARGIN,
                100 * CONFIDENCE, MIN_REQUESTS, REQUESTS_PER_MINUTE, 100 * GREEN_SHARE, RESOLVERS);
        System.out.printf("bench: judge false_positive_pct=%.1f power_pct=%.1f looks=%.1f%n",
                100.0 * falsePositives / CANARIES, 100.0 * caught / CANARIES, looksPerCanary);
    }

    record Run(boolean failedAtAnyLook, boolean failedByMinimumSample, int looks) {
    }

    /** Looks every minute until green has twice the minimum sample (or, with a real regression, until a FAIL). */
    static Run run(Random random, double greenFactor) {
        List<Minute> minutes = new ArrayList<>();
        boolean failed = false;
        boolean failedByMinimum = false;
        boolean minimumReached = false;
        double drift = 1.0;
        long greenRequests = 0;
        double phase = random.nextDouble() * 2 * Math.PI;
        while (greenRequests < 2 * MIN_REQUESTS && !(failed && greenFactor > 1)) {
            // The day's drift, shared by both sides: a slow swing and a random walk.
            drift = Math.max(0.3, Math.min(3.0, drift * Math.exp(random.nextGaussian() * 0.05)));
            double shared = drift * (1 + 0.3 * Math.sin(phase + minutes.size() / 60.0));
            Minute minute = minute(random, BLUE_ERROR_RATE * shared, BLUE_ERROR_RATE * shared * greenFactor);
            minutes.add(minute);
            greenRequests += minute.greenRequests();
            boolean byMinimum = !minimumReached;
            minimumReached = greenRequests >= MIN_REQUESTS;
            if (ErrorRateJudge.judge(minutes, MARGIN, CONFIDENCE, MIN_REQUESTS).verdict() == Verdict.FAIL) {
                failed = true;
                failedByMinimum |= byMinimum;
            }
        }
        return new Run(failed, failedByMinimum, minutes.size());
    }

    /**
     * One minute: each resolver sends its clients' requests all to one side, chosen by the weights;
     * its clients' error rate is the side's rate times the resolver's own factor.
     */
    static Minute minute(Random random, double blueRate, double greenRate) {
        long greenRequests = 0;
        long greenErrors = 0;
        long blueRequests = 0;
        long blueErrors = 0;
        double meanSize = (double) REQUESTS_PER_MINUTE / RESOLVERS;
        for (int r = 0; r < RESOLVERS; r++) {
            long requests = poisson(random, meanSize * Math.exp(random.nextGaussian() - 0.5));
            double factor = gamma(random, RESOLVER_SHAPE) / RESOLVER_SHAPE;
            if (random.nextDouble() < GREEN_SHARE) {
                greenRequests += requests;
                greenErrors += binomial(random, requests, Math.min(1, greenRate * factor));
            } else {
                blueRequests += requests;
                blueErrors += binomial(random, requests, Math.min(1, blueRate * factor));
            }
        }
        return new Minute(greenRequests, greenErrors, blueRequests, blueErrors);
    }

    static long poisson(Random random, double mean) {
        if (mean > 50) {
            return Math.max(0, Math.round(mean + Math.sqrt(mean) * random.nextGaussian()));
        }
        double limit = Math.exp(-mean);
        double product = random.nextDouble();
        long count = 0;
        while (product > limit) {
            product *= random.nextDouble();
            count++;
        }
        return count;
    }

    static long binomial(Random random, long n, double p) {
        double mean = n * p;
        if (n > 100 && mean > 20 && n * (1 - p) > 20) {
            return Math.max(0, Math.min(n, Math.round(mean + Math.sqrt(mean * (1 - p)) * random.nextGaussian())));
        }
        if (n > 100) {
            return Math.min(n, poisson(random, mean));
        }
        long count = 0;
        for (long i = 0; i < n; i++) {
            if (random.nextDouble() < p) {
                count++;
            }
        }
        return count;
    }

    /** Marsaglia and Tsang's method, for shape at least 1. */
    static double gamma(Random random, double shape) {
        double d = shape - 1.0 / 3;
        double c = 1 / Math.sqrt(9 * d);
        while (true) {
            double x = random.nextGaussian();
            double v = 1 + c * x;
            if (v <= 0) {
                continue;
            }
            v = v * v * v;
            double u = random.nextDouble();
            if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) {
                return d * v;
            }
        }
    }
}
