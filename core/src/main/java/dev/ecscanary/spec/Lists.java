package dev.ecscanary.spec;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

final class Lists {

    private Lists() {
    }

    /**
     * An unmodifiable copy that keeps null elements, so that a spec like {@code gates: [~]} reaches
     * the validator (which names the element) instead of failing with a bare NullPointerException.
     */
    static <T> List<T> copyAllowingNulls(List<T> list) {
        return list == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(list));
    }
}
