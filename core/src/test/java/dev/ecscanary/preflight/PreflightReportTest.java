package dev.ecscanary.preflight;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class PreflightReportTest {

    static final PreflightCheck OK = PreflightCheck.ok("records", "shop.example.com", "green at 0", "green at 0");
    static final PreflightCheck WARNING = PreflightCheck.warning("metrics", "blue", "requests", "no requests");
    static final PreflightCheck PROBLEM = PreflightCheck.problem("alarm", "shop-typo", "an alarm", "none");
    static final PreflightCheck UNCHECKED = PreflightCheck.unchecked("stateTable", "t", "a table", "the call failed");

    @Test
    void everyCheckOkIsReady() {
        PreflightReport report = new PreflightReport("web-1", List.of(OK));

        assertThat(report.summary()).isEqualTo("ready to deploy");
        assertThat(report.hasProblems()).isFalse();
        assertThat(report.complete()).isTrue();
    }

    @Test
    void warningsAreCountedButStillReady() {
        assertThat(new PreflightReport("web-1", List.of(OK, WARNING, WARNING)).summary())
                .isEqualTo("2 warnings: ready to deploy");
    }

    @Test
    void aProblemIsNotReadyWhateverElseHappened() {
        PreflightReport report = new PreflightReport("web-1", List.of(PROBLEM, WARNING, UNCHECKED));

        assertThat(report.summary())
                .isEqualTo("1 problem, 1 warning, 1 check that could not be made: not ready to deploy");
        assertThat(report.hasProblems()).isTrue();
        assertThat(report.complete()).isFalse();
    }

    @Test
    void aCheckThatCouldNotBeMadeLeavesReadinessUnknown() {
        assertThat(new PreflightReport("web-1", List.of(OK, UNCHECKED, UNCHECKED)).summary())
                .isEqualTo("2 checks that could not be made: readiness unknown");
    }
}
