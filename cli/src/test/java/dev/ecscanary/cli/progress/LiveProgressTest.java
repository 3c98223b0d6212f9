package dev.ecscanary.cli.progress;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecscanary.spec.CanarySpec;
import dev.ecscanary.spec.DnsSpec;
import dev.ecscanary.spec.ServiceSide;
import dev.ecscanary.spec.StepSpec;
import dev.ecscanary.spec.Steps;
import dev.ecscanary.spec.Timeouts;
import dev.ecscanary.spec.Weights;
import dev.ecscanary.state.DeploymentRecord;
import dev.ecscanary.state.GateStatus;
import dev.ecscanary.state.HistoryEntry;
import dev.ecscanary.state.Phase;
import dev.ecscanary.state.Verdict;
import dev.ecscanary.state.HistoryEvent;
import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LiveProgressTest {

    static final Instant NOW = Instant.parse("2026-11-26T09:01:02Z");
    static final String ERASE_LINE_UP = "\u001b[1A\u001b[2K";

    private final StringWriter screen = new StringWriter();

    @Test
    void historyScrollsAboveABlockThatIsRedrawnInPlace() {
        DeploymentRecord baking = baking();
        try (LiveProgress live = live("")) {
            live.onHistory(baking, baking.history().get(baking.history().size() - 1));
            live.onWaiting(baking, NOW.plusSeconds(30), "baking step 2 until 09:06:02Z");
        }

        String shown = screen.toString();
        assertThat(shown).contains("2026-11-26T09:01:02Z web-42 BAKING step 2/4: baking step 2 for 5m with 1 gate(s)")
                .contains("» web-42  BAKING (baking)  step 2/4  blue 75 / green 25 (25% green)")
                .contains("  5m left of the bake")
                .contains("  gate alarms: PASS - alarm shop-green-5xx is OK");
        // Each redraw erases the block it drew before (3 lines), never the history above it.
        assertThat(shown).contains(ERASE_LINE_UP.repeat(3));
        assertThat(shown.lastIndexOf("» web-42")).isGreaterThan(shown.lastIndexOf(ERASE_LINE_UP));
    }

    @Test
    void aQuestionErasesTheBlockAndReadsTheAnswer() {
        DeploymentRecord baking = baking();
        try (LiveProgress live = live("yes\n")) {
            live.onGatesEvaluated(baking);

            assertThat(live.prompter().ask("shift to 50% green? [y/N] ")).contains("yes");
        }

        String shown = screen.toString();
        int question = shown.indexOf("shift to 50% green? [y/N] ");
        assertThat(shown.substring(0, question)).endsWith(ERASE_LINE_UP.repeat(2));
    }

    private LiveProgress live(String input) {
        return new LiveProgress(new Terminal(new PrintWriter(screen, true), 100),
                new BufferedReader(new StringReader(input)), InstantSource.fixed(NOW), "cli:host:1");
    }

    private static DeploymentRecord baking() {
        CanarySpec spec = new CanarySpec("web-42", "shop-ecs-canary-state", "eu-west-1",
                new DnsSpec("Z0123456789ABC", "shop.example.com", "blue", "green", Duration.ofSeconds(30), null),
                new ServiceSide("shop", "shop-green", "arn:tg/green", null), null, List.of(),
                Steps.of(StepSpec.of(10, Duration.ofMinutes(5), false), StepSpec.of(25, Duration.ofMinutes(5), false),
                        StepSpec.of(50, Duration.ofMinutes(5), false), StepSpec.of(100, Duration.ZERO, false)),
                List.of(), Timeouts.DEFAULTS);
        HistoryEntry created = new HistoryEntry(NOW, Phase.PENDING, -1, Weights.ALL_BLUE, "x", new HistoryEvent.Created());
        DeploymentRecord record = DeploymentRecord.created(spec, "sha256:x", Weights.ALL_BLUE, NOW, created);
        return record.toBuilder().phase(Phase.BAKING, NOW, NOW.plusSeconds(900)).step(1)
                .waitUntil(NOW.plusSeconds(300))
                .weights(Weights.forGreenPercent(25))
                .gates(List.of(new GateStatus("alarms", Verdict.PASS, "alarm shop-green-5xx is OK", Map.of(), Map.of(),
                        NOW, NOW.plusSeconds(30), 0, 1, null)))
                .record(new HistoryEntry(NOW, Phase.BAKING, 1, Weights.forGreenPercent(25), "cli:host:1",
                        new HistoryEvent.BakeStarted(2, Duration.ofMinutes(5), 1)))
                .build(NOW);
    }
}
