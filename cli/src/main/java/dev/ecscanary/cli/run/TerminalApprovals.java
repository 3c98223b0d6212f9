package dev.ecscanary.cli.run;

import dev.ecscanary.cli.progress.Prompter;
import dev.ecscanary.cli.render.Times;
import dev.ecscanary.port.Approvals;
import dev.ecscanary.spec.Percentages;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * Approvals asked on the terminal. The engine only ever polls: each question is asked once, on a
 * thread of its own, and the answer is recorded for the next poll (which it triggers at once). A
 * "no", or no answer because input is closed, rejects the step: the deployment fails back.
 */
public final class TerminalApprovals implements Approvals {

    private final Prompter prompter;
    private final String person;
    private final Set<String> asked = ConcurrentHashMap.newKeySet();
    private final Map<String, ApprovalDecision> decisions = new ConcurrentHashMap<>();
    private final ExecutorService questions =
            Executors.newSingleThreadExecutor(DriverThreads.daemon("ecs-canary-prompt"));
    private volatile Consumer<String> onDecided = id -> { };

    /** @param person who answers, as recorded in the history ({@code user@host}) */
    public TerminalApprovals(Prompter prompter, String person) {
        this.prompter = prompter;
        this.person = person;
    }

    /** Called with the deployment id once a person decided, to tick it without waiting for the next poll. */
    void whenDecided(Consumer<String> listener) {
        this.onDecided = listener;
    }

    @Override
    public void request(ApprovalRequest request) {
        String key = key(request.deploymentId(), request.stepIndex());
        if (asked.add(key)) {
            questions.execute(() -> {
                decisions.put(key, decide(prompter.ask(question(request))));
                onDecided.accept(request.deploymentId());
            });
        }
    }

    @Override
    public Optional<ApprovalDecision> decision(String deploymentId, int stepIndex) {
        return Optional.ofNullable(decisions.get(key(deploymentId, stepIndex)));
    }

    static String question(ApprovalRequest request) {
        return request.deploymentId() + " step " + request.stepNumber() + "/" + request.stepCount() + ": shift to "
                + Percentages.format(request.weights().greenPercent()) + "% green (blue " + request.weights().blue()
                + " / green " + request.weights().green() + ")? [y/N] (decide before "
                + Times.instant(request.deadline()) + ") ";
    }

    private ApprovalDecision decide(Optional<String> answer) {
        if (answer.isEmpty()) {
            return ApprovalDecision.reject(person, "no answer: standard input is closed");
        }
        String text = answer.get().trim().toLowerCase(Locale.ROOT);
        return text.equals("y") || text.equals("yes") ? ApprovalDecision.approve(person)
                : ApprovalDecision.reject(person, "answered '" + answer.get().trim() + "' on the terminal");
    }

    private static String key(String deploymentId, int stepIndex) {
        return deploymentId + "#" + stepIndex;
    }
}
