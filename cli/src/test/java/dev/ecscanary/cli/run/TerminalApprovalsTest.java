package dev.ecscanary.cli.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecscanary.port.Approvals.ApprovalDecision;
import dev.ecscanary.port.Approvals.ApprovalRequest;
import dev.ecscanary.spec.Weights;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

class TerminalApprovalsTest {

    static final ApprovalRequest STEP_2 = new ApprovalRequest("web-42", 1, 2, 4, Weights.forGreenPercent(25),
            Instant.parse("2026-11-26T10:00:00Z"));

    private final List<String> questions = new CopyOnWriteArrayList<>();
    private final List<String> woken = new CopyOnWriteArrayList<>();

    @Test
    void asksOnceWhateverHowOftenTheEnginePollsAndRecordsAYes() throws Exception {
        TerminalApprovals approvals = answering(Optional.of("y"));

        approvals.request(STEP_2);
        approvals.request(STEP_2);
        ApprovalDecision decision = await(approvals);

        assertThat(decision).isEqualTo(ApprovalDecision.approve("alice@build-7"));
        assertThat(questions).containsExactly(
                "web-42 step 2/4: shift to 25% green (blue 75 / green 25)? [y/N] "
                        + "(decide before 2026-11-26T10:00:00Z) ");
        assertThat(woken).containsExactly("web-42");
    }

    @Test
    void anythingButYesRejects() throws Exception {
        ApprovalDecision decision = await(requested(answering(Optional.of("nope"))));

        assertThat(decision.approved()).isFalse();
        assertThat(decision.by()).isEqualTo("alice@build-7");
        assertThat(decision.comment()).isEqualTo("answered 'nope' on the terminal");
    }

    @Test
    void closedInputRejectsRatherThanWaitingForever() throws Exception {
        ApprovalDecision decision = await(requested(answering(Optional.empty())));

        assertThat(decision.approved()).isFalse();
        assertThat(decision.comment()).isEqualTo("no answer: standard input is closed");
    }

    private TerminalApprovals answering(Optional<String> answer) {
        TerminalApprovals approvals = new TerminalApprovals(question -> {
            questions.add(question);
            return answer;
        }, "alice@build-7");
        approvals.whenDecided(woken::add);
        return approvals;
    }

    private static TerminalApprovals requested(TerminalApprovals approvals) {
        approvals.request(STEP_2);
        return approvals;
    }

    private static ApprovalDecision await(TerminalApprovals approvals) {
        return Awaitility.await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(5))
                .until(() -> approvals.decision("web-42", 1), Optional::isPresent).orElseThrow();
    }
}
