package dev.ecscanary.spec;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Formatting of percentages for people: at most two decimals, no trailing zeros. */
public final class Percentages {

    private Percentages() {
    }

    /** {@code 12.5}, {@code 0.39}; {@code infinity} or {@code not a number} for what a spec may still say. */
    public static String format(double percent) {
        if (Double.isNaN(percent)) {
            return "not a number";
        }
        if (Double.isInfinite(percent)) {
            return percent > 0 ? "infinity" : "-infinity";
        }
        return BigDecimal.valueOf(percent).setScale(2, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
    }
}
