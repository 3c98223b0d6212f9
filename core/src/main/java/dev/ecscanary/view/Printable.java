package dev.ecscanary.view;

/**
 * Text from people and from AWS (reasons, comments, names, error messages) made safe to show: a
 * control character could move a terminal's cursor or forge a log line, a bidirectional override
 * could make a line read differently than it is. Each is shown as its code ({@code \u202E}), so
 * a reader sees that something was there; a tab becomes a space.
 */
public final class Printable {

    private Printable() {
    }

    /** One line: every control character (line breaks too) and bidirectional control neutralised. */
    public static String line(String text) {
        if (text == null) {
            return null;
        }
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            String replacement = c == '\t' ? " " : isUnsafe(c) ? String.format("\\u%04X", (int) c) : null;
            if (replacement != null && out == null) {
                out = new StringBuilder(text.length() + 16).append(text, 0, i);
            }
            if (out != null) {
                out.append(replacement != null ? replacement : String.valueOf(c));
            }
        }
        return out == null ? text : out.toString();
    }

    /** Controls (C0, DEL, C1), line and paragraph separators, and the bidirectional marks, embeddings and isolates. */
    public static boolean isUnsafe(char c) {
        return Character.getType(c) == Character.CONTROL
                || c == '\u2028' || c == '\u2029'
                || c == '\u061C' || c == '\u200E' || c == '\u200F'
                || (c >= '\u202A' && c <= '\u202E')
                || (c >= '\u2066' && c <= '\u2069');
    }
}
