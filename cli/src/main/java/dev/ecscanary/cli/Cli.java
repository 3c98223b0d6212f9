package dev.ecscanary.cli;

import picocli.CommandLine;

/** Assembles the command line: commands, streams, and how errors become exit codes. */
final class Cli {

    private Cli() {
    }

    static int run(CliEnvironment environment, String... args) {
        int code = commandLine(environment).execute(args);
        environment.out().flush();
        environment.err().flush();
        return code;
    }

    static CommandLine commandLine(CliEnvironment environment) {
        CommandLine commandLine = new CommandLine(new EcsCanaryCommand(environment));
        commandLine.setOut(environment.out());
        commandLine.setErr(environment.err());
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        // Usage errors (unknown flag, missing value, bad conversion) exit 2: picocli's default.
        commandLine.setExecutionExceptionHandler(new ErrorHandler(environment));
        return commandLine;
    }
}
