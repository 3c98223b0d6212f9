package dev.ecscanary.spec;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

final class Enums {

    private Enums() {
    }

    /** Case-insensitive, with a message that lists what is allowed. */
    static <E extends Enum<E>> E parse(Class<E> type, String text, String what) {
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equalsIgnoreCase(text.trim())) {
                return constant;
            }
        }
        throw new IllegalArgumentException("unknown " + what + " '" + text + "' (known: "
                + Arrays.stream(type.getEnumConstants()).map(c -> c.name().toLowerCase(Locale.ROOT))
                        .collect(Collectors.joining(", ")) + ")");
    }
}
