package dev.ecscanary.cli.progress;

import java.io.PrintWriter;
import java.util.List;

/**
 * A terminal with a block redrawn in place below the lines that scroll. Lines are cut to the width
 * so that none wraps: the block is erased by counting lines.
 */
final class Terminal {

    private static final String ERASE_LINE_UP = "\u001b[1A\u001b[2K";

    private final PrintWriter out;
    private final int width;
    private int blockHeight;
    private boolean paused;

    Terminal(PrintWriter out, int width) {
        this.out = out;
        this.width = Math.max(40, width);
    }

    /** Lines that stay (history), printed above the block. */
    synchronized void scroll(List<String> lines, List<String> block) {
        erase();
        lines.forEach(out::println);
        draw(block);
    }

    synchronized void redraw(List<String> block) {
        erase();
        draw(block);
    }

    /** Erases the block and stops drawing it until {@link #resume}: a question is being asked. */
    synchronized void pause() {
        erase();
        paused = true;
        out.flush();
    }

    synchronized void resume() {
        paused = false;
    }

    PrintWriter out() {
        return out;
    }

    private void erase() {
        for (int i = 0; i < blockHeight; i++) {
            out.print(ERASE_LINE_UP);
        }
        blockHeight = 0;
    }

    private void draw(List<String> block) {
        if (!paused) {
            for (String line : block) {
                out.println(line.length() <= width ? line : line.substring(0, width - 1) + "…");
            }
            blockHeight = block.size();
        }
        out.flush();
    }
}
