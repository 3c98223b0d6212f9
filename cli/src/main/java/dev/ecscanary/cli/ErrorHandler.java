package dev.ecscanary.cli;

import dev.ecscanary.engine.Exceptions.DeploymentConflictException;
import dev.ecscanary.engine.Exceptions.DeploymentRefusedException;
import dev.ecscanary.engine.Exceptions.UnknownDeploymentException;
import dev.ecscanary.spec.InvalidSpecException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns what a command threw into a message and an exit code. Problems with the input (flags, the
 * spec, an unknown or reused deployment id, a deployment that may not start) exit 2; the rest exit 1.
 */
final class ErrorHandler implements IExecutionExceptionHandler {

    static final String DEBUG_VARIABLE = "ECS_CANARY_DEBUG";

    private final CliEnvironment environment;

    ErrorHandler(CliEnvironment environment) {
        this.environment = environment;
    }

    @Override
    public int handleExecutionException(Exception error, CommandLine command, ParseResult parsed) {
        PrintWriter err = command.getErr();
        int code = exitCodeOf(error);
        String prefix = command.getCommandName().equals("ecs-canary") ? "ecs-canary: " : "ecs-canary "
                + command.getCommandName() + ": ";
        err.println(prefix + (code == ExitCode.INVALID_INPUT ? "" : "error: ") + messageOf(error));
        if (environment.variables().containsKey(DEBUG_VARIABLE)) {
            error.printStackTrace(err);
        }
        err.flush();
        return code;
    }

    static int exitCodeOf(Throwable error) {
        if (error instanceof UsageException || error instanceof InvalidSpecException
                || error instanceof UnknownDeploymentException || error instanceof DeploymentConflictException
                || error instanceof DeploymentRefusedException) {
            return ExitCode.INVALID_INPUT;
        }
        return ExitCode.FAILURE;
    }

    private static String messageOf(Throwable error) {
        String message = error.getMessage();
        if (message == null || message.isBlank()) {
            return error.getClass().getSimpleName();
        }
        return error instanceof RuntimeException && isOurs(error) ? message
                : error.getClass().getSimpleName() + ": " + message;
    }

    /** Our own exceptions carry sentences for people; others are named so they can be looked up. */
    private static boolean isOurs(Throwable error) {
        return error.getClass().getName().startsWith("dev.ecscanary.");
    }
}
