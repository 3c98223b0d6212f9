package dev.ecscanary.cli;

import java.util.Locale;

/** {@code --approve}: who says yes before a step that needs approval. */
enum ApproveMode {
    /** Every step is approved at once, as "auto". */
    AUTO,
    /** A person answers on the terminal; a "no", or no terminal to answer on, fails back. */
    PROMPT;

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
