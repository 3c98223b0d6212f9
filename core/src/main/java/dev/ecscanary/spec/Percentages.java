package dev.ecscanary.spec;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Formatting of percentages for people: at most two decimals, no trailing zeros. */
public final class Percentages {

    private Percentages() {
    }

    public static String format(double percent) {
        return BigDecimal.valueOf(percent).setScale(2, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
    }
}
