package dev.ecscanary.spec;

/**
 * The two Route53 record weights of one traffic split. Route53 weights are integers 0..255 and a
 * record's share is its weight over the sum; if every weight is zero Route53 splits traffic
 * equally, so an all-zero split is not representable here.
 */
public record Weights(int blue, int green) {

    public static final int MAX_WEIGHT = 255;
    public static final Weights ALL_BLUE = new Weights(100, 0);
    public static final Weights ALL_GREEN = new Weights(0, 100);

    public Weights {
        requireWeight("blue", blue);
        requireWeight("green", green);
        if (blue == 0 && green == 0) {
            throw new IllegalArgumentException(
                    "weights blue 0 / green 0 are not allowed: Route53 would split traffic equally");
        }
    }

    private static void requireWeight(String record, int weight) {
        if (weight < 0 || weight > MAX_WEIGHT) {
            throw new IllegalArgumentException(
                    record + " weight must be 0.." + MAX_WEIGHT + ", was " + weight);
        }
    }

    /**
     * How far a step's effective share may be from the share it asks for: 5 % of the smaller side's
     * share (so 0.5 % may become 0.475..0.525 %, 50 % must be exact to 2.5 points). Asking for 0.2 %
     * and getting 0.39 % would double what green receives; that is refused, never rounded silently.
     */
    public static final double SHARE_TOLERANCE = 0.05;

    /** The share of traffic the green record receives, in percent. */
    public double greenPercent() {
        return 100.0 * green / (blue + green);
    }

    public boolean isAllBlue() {
        return green == 0;
    }

    public boolean isAllGreen() {
        return blue == 0;
    }

    /**
     * The weights whose green share is closest to {@code percent}. Whole percentages are exact as
     * {@code 100-p / p}, which also reads naturally in the Route53 console; other values take the
     * closest ratio of two weights in 0..255, preferring the smallest weights on ties.
     */
    public static Weights forGreenPercent(double percent) {
        if (!(percent >= 0 && percent <= 100)) {
            throw new IllegalArgumentException("green percentage must be within 0..100, was " + percent);
        }
        if (percent == Math.rint(percent)) {
            int green = (int) percent;
            return new Weights(100 - green, green);
        }
        Weights best = null;
        double bestError = Double.MAX_VALUE;
        for (int total = 1; total <= 2 * MAX_WEIGHT; total++) {
            int green = (int) Math.round(percent / 100.0 * total);
            green = Math.max(Math.max(0, total - MAX_WEIGHT), Math.min(Math.min(MAX_WEIGHT, total), green));
            double error = Math.abs(100.0 * green / total - percent);
            if (error < bestError - 1e-12) {
                bestError = error;
                best = new Weights(total - green, green);
            }
        }
        return best;
    }

    /** Whether these weights give {@code requestedPercent} to within {@link #SHARE_TOLERANCE}. */
    public boolean express(double requestedPercent) {
        double smallerSide = Math.min(requestedPercent, 100 - requestedPercent);
        return Math.abs(greenPercent() - requestedPercent) <= SHARE_TOLERANCE * smallerSide + 1e-9;
    }

    @Override
    public String toString() {
        return "blue " + blue + " / green " + green + " (" + Percentages.format(greenPercent()) + "% green)";
    }
}
