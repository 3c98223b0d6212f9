package dev.ecscanary.cli.run;

import dev.ecscanary.engine.TickOutcome;

/**
 * How a command ends once the deployment it drove ended: report, result, exit code. Called once
 * by the command, or by the shutdown hook when the process was interrupted; must be idempotent.
 */
@FunctionalInterface
public interface SessionEnding {

    /**
     * @param outcome Finished or Stuck; null when an interrupted session stopped before the
     *                deployment ended
     * @return the exit code
     */
    int end(TickOutcome outcome);
}
