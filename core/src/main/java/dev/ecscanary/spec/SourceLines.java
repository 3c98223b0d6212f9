package dev.ecscanary.spec;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.HashMap;
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

    static SourceLines of(String yaml) {
        Map<String, Integer> lines = new HashMap<>();
        try (JsonParser parser = Mappers.yaml().getFactory().createParser(yaml)) {
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                JsonStreamContext context = parser.getParsingContext();
                if (token.isStructStart() && context.getParent() != null) {
                    context = context.getParent();
                }
                lines.putIfAbsent(FieldPaths.of(context), parser.currentTokenLocation().getLineNr());
            }
        } catch (IOException e) {
            // A syntax error is reported by the reader with its own line; what was read so far stands.
        }
        return new SourceLines(lines);
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
