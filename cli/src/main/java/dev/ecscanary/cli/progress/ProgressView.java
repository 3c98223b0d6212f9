package dev.ecscanary.cli.progress;

import dev.ecscanary.port.ProgressListener;
import java.io.BufferedReader;
import java.io.PrintWriter;
import java.time.InstantSource;

/**
 * What people see while a deployment runs: the engine's progress, notes from the command, and
 * questions (approvals). Live on a terminal, plain timestamped lines in logs and CI.
 */
public interface ProgressView extends ProgressListener, AutoCloseable {

    /** A line from the command itself, e.g. who holds the lease. */
    void note(String deploymentId, String text);

    /** Where approval questions are asked. */
    Prompter prompter();

    /** Stops any redrawing, leaving the last state on screen. Idempotent. */
    @Override
    void close();

    /**
     * @param self this process's driver id: history lines name who caused an entry only when it was
     *             someone else
     * @param live a person watches a terminal (and the output is not JSON): redraw a block in place
     */
    static ProgressView create(PrintWriter out, BufferedReader in, InstantSource clock, String self, boolean live,
                               int width) {
        return live ? new LiveProgress(new Terminal(out, width), in, clock, self)
                : new PlainProgress(out, in, clock, self);
    }
}
