package dev.ecscanary.cli.progress;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Optional;

/** Prints the question and reads one line; end of input means nobody can answer. */
final class LinePrompter implements Prompter {

    private final PrintWriter out;
    private final BufferedReader in;

    LinePrompter(PrintWriter out, BufferedReader in) {
        this.out = out;
        this.in = in;
    }

    @Override
    public Optional<String> ask(String question) {
        synchronized (out) {
            out.print(question);
            out.flush();
        }
        try {
            return Optional.ofNullable(in.readLine());
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
