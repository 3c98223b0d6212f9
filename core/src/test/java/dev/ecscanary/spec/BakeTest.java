package dev.ecscanary.spec;

import static dev.ecscanary.spec.SpecReaderTest.VALID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@code bake: 5m}, or sized by evidence: {@code bake: {min: 5m, max: 30m, untilDecided: true}}. */
class BakeTest {

    @Test
    void aDurationIsAFixedBakeHeldUpToTheGateHold() {
        StepSpec step = SpecReader.parse(VALID, "canary.yaml", null).resolvedSteps().get(0);

        assertThat(step.bakeTime()).isEqualTo(new Bake(Duration.ofMinutes(5), null));
        assertThat(step.bake()).isEqualTo(Duration.ofMinutes(5));
        assertThat(step.bakeTime().longest(Duration.ofMinutes(10))).isEqualTo(Duration.ofMinutes(15));
    }

    @Test
    void boundsMakeTheStepBakeUntilItsGatesDecideAtMostMax() {
        CanarySpec spec = SpecReader.parse(VALID.replace("  - percent: 10\n    bake: 5m",
                "  - percent: 10\n    bake: {min: 5m, max: 30m, untilDecided: true}"), "canary.yaml", null);

        Bake bake = spec.resolvedSteps().get(0).bakeTime();
        assertThat(bake).isEqualTo(new Bake(Duration.ofMinutes(5), Duration.ofMinutes(30)));
        assertThat(bake.longest(Duration.ofMinutes(10))).isEqualTo(Duration.ofMinutes(30));
        assertThat(bake.describe()).isEqualTo("5m..30m");
    }

    @Test
    void aScheduleTakesBoundsToo() {
        CanarySpec spec = SpecReader.parse(VALID.replaceAll("(?s)steps:.*?gates:", """
                steps: {progression: linear, first: 25, count: 4, bake: {min: 2m, max: 20m}}
                gates:"""), "canary.yaml", null);

        assertThat(spec.resolvedSteps()).extracting(StepSpec::bakeTime)
                .containsOnly(new Bake(Duration.ofMinutes(2), Duration.ofMinutes(20)));
    }

    @Test
    void boundsSurviveTheRecordsJson() throws Exception {
        CanarySpec spec = SpecReader.parse(VALID.replace("bake: 10m", "bake: {min: 10m, max: 1h}"), "canary.yaml",
                null);

        String json = dev.ecscanary.spec.Mappers.json().writeValueAsString(spec);

        assertThat(json).contains("\"bake\":{\"min\":\"10m\",\"max\":\"1h\"}").contains("\"bake\":\"5m\"");
        assertThat(dev.ecscanary.spec.Mappers.json().readValue(json, CanarySpec.class)).isEqualTo(spec);
    }

    @Test
    void aMaxNoLongerThanMinIsRefused() {
        assertThatThrownBy(() -> SpecReader.parse(VALID.replace("bake: 10m", "bake: {min: 10m, max: 10m}"),
                "canary.yaml", null))
                .isInstanceOf(InvalidSpecException.class)
                .hasMessageContaining("steps[2].bake.max: must be longer than min (10m), was 10m");
    }

    @Test
    void untilDecidedFalseIsRefusedSayingWhatToWriteInstead() {
        assertThatThrownBy(() -> SpecReader.parse(VALID.replace("bake: 10m",
                "bake: {min: 10m, max: 1h, untilDecided: false}"), "canary.yaml", null))
                .isInstanceOf(InvalidSpecException.class)
                .hasMessageContaining("untilDecided: false is not a bake: write 'bake: <duration>'");
    }

    @Test
    void aMisspeltBoundIsRefusedWhereItIs() {
        assertThatThrownBy(() -> SpecReader.parse(VALID.replace("bake: 10m", "bake: {min: 10m, maks: 1h}"),
                "canary.yaml", null))
                .isInstanceOf(InvalidSpecException.class)
                .hasMessageContaining("canary.yaml:").hasMessageContaining("maks");
    }

    @Test
    void boundsWithoutMinAreRefused() {
        assertThatThrownBy(() -> SpecReader.parse(VALID.replace("bake: 10m", "bake: {max: 1h}"), "canary.yaml", null))
                .isInstanceOf(InvalidSpecException.class)
                .hasMessageContaining("a bake's mapping needs min");
    }
}
