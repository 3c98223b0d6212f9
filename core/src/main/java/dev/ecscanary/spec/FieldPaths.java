package dev.ecscanary.spec;

import java.util.List;

/** Field paths as people write them: {@code steps[2].percent}, {@code dns.hostedZoneId}. */
final class FieldPaths {

    private FieldPaths() {
    }

    /** @param segments field names (String) and list indexes (Integer), outermost first */
    static String of(List<Object> segments) {
        StringBuilder path = new StringBuilder();
        for (Object segment : segments) {
            if (segment instanceof Integer index) {
                path.append('[').append(index).append(']');
            } else {
                path.append('.').append(segment);
            }
        }
        return strip(path.toString());
    }

    /** The enclosing field: {@code steps[2].percent} to {@code steps[2]} to {@code steps}. */
    static String parent(String path) {
        int cut = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
        return cut <= 0 ? "" : path.substring(0, cut);
    }

    private static String strip(String path) {
        return path.startsWith(".") ? path.substring(1) : path;
    }
}
