package dev.ecscanary.cli;

/** The {@code ecs-canary} command: runs one command and exits with its code (see {@link ExitCode}). */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(Cli.run(CliEnvironment.system(), args));
    }
}
