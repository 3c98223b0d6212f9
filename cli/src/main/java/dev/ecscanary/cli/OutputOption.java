package dev.ecscanary.cli;

import picocli.CommandLine.Option;

/** {@code --output text|json}, shared by every command that prints a result. */
final class OutputOption {

    @Option(names = "--output", paramLabel = "FORMAT", defaultValue = "text",
            description = "text (default) or json: for json the result goes to standard output as JSON and "
                    + "progress to standard error.")
    OutputFormat format = OutputFormat.TEXT;

    boolean isJson() {
        return format == OutputFormat.JSON;
    }
}
