package dev.ecscanary.cli;

import dev.ecscanary.cli.progress.ProgressView;
import dev.ecscanary.cli.run.TerminalApprovals;
import dev.ecscanary.port.Approvals;
import picocli.CommandLine.Option;

/** {@code --approve auto|prompt}: who approves the steps that need approval. */
final class ApproveOption {

    static final String AUTO_APPROVER = "auto";

    @Option(names = "--approve", paramLabel = "MODE", defaultValue = "prompt",
            description = "prompt (default): ask on the terminal before each step that needs approval; a 'no', "
                    + "or no terminal input, fails back. auto: approve every step as \"" + AUTO_APPROVER + "\".")
    ApproveMode mode = ApproveMode.PROMPT;

    Approvals approvals(CliEnvironment environment, ProgressView view) {
        return mode == ApproveMode.AUTO ? Approvals.automatic(AUTO_APPROVER)
                : new TerminalApprovals(view.prompter(), environment.identity().person());
    }
}
