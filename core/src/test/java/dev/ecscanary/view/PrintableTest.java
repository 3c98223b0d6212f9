package dev.ecscanary.view;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Free text shown on a terminal, in a log or on a page cannot move the cursor, forge a line or reorder itself. */
class PrintableTest {

    @Test
    void controlCharactersAndLineBreaksAreShownAsTheirCodes() {
        assertThat(Printable.line("ok\u001B[2J\u001B[Hgone")).isEqualTo("ok\\u001B[2J\\u001B[Hgone");
        assertThat(Printable.line("reason\n2026-12-01T00:00:00Z web-1 PROMOTED: fake"))
                .isEqualTo("reason\\u000A2026-12-01T00:00:00Z web-1 PROMOTED: fake");
        assertThat(Printable.line("bell\u0007 del\u007F c1\u0085 sep\u2028")).isEqualTo(
                "bell\\u0007 del\\u007F c1\\u0085 sep\\u2028");
    }

    @Test
    void bidirectionalControlsAreShownAsTheirCodes() {
        assertThat(Printable.line("approved by \u202Eecila")).isEqualTo("approved by \\u202Eecila");
        assertThat(Printable.line("\u2066isolated\u2069 \u200Fmark")).isEqualTo("\\u2066isolated\\u2069 \\u200Fmark");
    }

    @Test
    void ordinaryTextIsLeftAsItIsAndATabIsASpace() {
        String text = "Zoë approved: p99 ≤ 250 ms, 日本語 ok";
        assertThat(Printable.line(text)).isSameAs(text);
        assertThat(Printable.line("a\tb")).isEqualTo("a b");
        assertThat(Printable.line(null)).isNull();
    }
}
