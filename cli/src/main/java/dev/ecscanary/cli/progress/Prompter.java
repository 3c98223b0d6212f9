package dev.ecscanary.cli.progress;

import java.util.Optional;

/** Asks a person a question and waits for the answer; blocking, so never on the engine's threads. */
@FunctionalInterface
public interface Prompter {

    /** @return the line typed, or empty when there is nobody to answer (input closed) */
    Optional<String> ask(String question);
}
