package dev.ecscanary.cli.render;

import dev.ecscanary.view.Printable;
import java.util.ArrayList;
import java.util.List;

/** Columns padded to their widest cell; right-aligned columns for numbers. */
final class TextTable {

    private final List<String> headers;
    private final boolean[] rightAligned;
    private final List<List<String>> rows = new ArrayList<>();

    TextTable(List<String> headers, boolean... rightAligned) {
        this.headers = List.copyOf(headers);
        this.rightAligned = rightAligned.length == headers.size() ? rightAligned.clone() : new boolean[headers.size()];
    }

    TextTable row(String... cells) {
        rows.add(java.util.Arrays.stream(cells).map(Printable::line).toList());
        return this;
    }

    /** The table's lines, each indented by {@code indent}, no trailing spaces. */
    List<String> lines(String indent) {
        int[] widths = new int[headers.size()];
        for (int c = 0; c < widths.length; c++) {
            widths[c] = headers.get(c).length();
            for (List<String> row : rows) {
                widths[c] = Math.max(widths[c], row.get(c).length());
            }
        }
        List<String> lines = new ArrayList<>();
        lines.add(line(indent, headers, widths));
        for (List<String> row : rows) {
            lines.add(line(indent, row, widths));
        }
        return lines;
    }

    private String line(String indent, List<String> cells, int[] widths) {
        StringBuilder out = new StringBuilder(indent);
        for (int c = 0; c < cells.size(); c++) {
            String cell = cells.get(c);
            String padding = " ".repeat(widths[c] - cell.length());
            out.append(rightAligned[c] ? padding + cell : cell + padding);
            if (c < cells.size() - 1) {
                out.append("  ");
            }
        }
        return out.toString().stripTrailing();
    }
}
