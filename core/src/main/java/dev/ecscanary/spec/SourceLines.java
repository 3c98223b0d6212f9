package dev.ecscanary.spec;

import java.util.Map;

/**
 * The line of every field in a YAML source, so that problems found after binding (ranges, order,
 * cross-field rules) can still point at a line.
 */
final class SourceLines {

    private final Map<String, Integer> lineByField;

    private SourceLines(Map<String, Integer> lineByField) {
        this.lineByField = lineByField;
    }

    static SourceLines of(Map<String, Integer> lineByField) {
        return new SourceLines(Map.copyOf(lineByField));
    }

    static SourceLines none() {
        return new SourceLines(Map.of());
    }

    /** The line of the field, or of the closest enclosing field that appears in the source. */
    int lineOf(String field) {
        for (String path = field; ; path = FieldPaths.parent(path)) {
            Integer line = lineByField.get(path);
            if (line != null) {
                return line;
            }
            if (path.isEmpty()) {
                return 0;
            }
        }
    }
}
