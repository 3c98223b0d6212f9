package dev.ecscanary.cli;

import java.util.Locale;

/** {@code --output}: text for people, JSON for machines. */
enum OutputFormat {
    TEXT, JSON;

    /** As written on the command line (picocli lists the choices with this). */
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
