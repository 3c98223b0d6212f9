package dev.ecscanary.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A spec's YAML means exactly what it says: aliases, merges, duplicates, numbers, tags and every problem at once. */
class SpecYamlMeaningTest {

    static final String VALID = SpecReaderTest.VALID;

    @Test
    void anAliasIsTheValueItsAnchorNames() {
        String yaml = VALID.replace("deployment: shop-web-42\nstateTable: shop-ecs-canary-state\nregion: eu-west-1\n",
                        "region: &home eu-west-1\nstateTable: shop-ecs-canary-state\ndeployment: *home\n")
                .replace("  cluster: shop\n", "  cluster: &cluster shop-cluster\n")
                .replace("blue:\n", "blue:\n  cluster: *cluster\n");

        CanarySpec spec = SpecReader.parse(yaml, "canary.yaml", null);

        assertThat(spec.deploymentId()).isEqualTo("eu-west-1");
        assertThat(spec.blue().cluster()).isEqualTo("shop-cluster").isEqualTo(spec.green().cluster());
    }

    @Test
    void anAliasBeforeItsAnchorIsRefusedNamingIt() {
        String yaml = VALID.replace("deployment: shop-web-42", "deployment: *home")
                .replace("region: eu-west-1", "region: &home eu-west-1");

        assertThatThrownBy(() -> SpecReader.parse(yaml, "canary.yaml", null))
                .hasMessageContaining("canary.yaml:1: the alias *home names no anchor before it");
    }

    @Test
    void aMergeKeyTakesTheFieldsTheMappingDoesNotSetItself() {
        String yaml = VALID.replace("  - type: alarms\n    alarms: [shop-green-5xx]\n    interval: 1m\n",
                "  - &slow {type: alarms, alarms: [shop-green-5xx], interval: 1m}\n"
                        + "  - <<: *slow\n    name: paging\n    alarms: [shop-pager]\n");

        CanarySpec spec = SpecReader.parse(yaml, "canary.yaml", null);

        GateSpec.Alarms paging = (GateSpec.Alarms) spec.gates().stream().filter(g -> g.name().equals("paging"))
                .findFirst().orElseThrow();
        assertThat(paging.alarms()).containsExactly("shop-pager");
        assertThat(paging.interval()).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void anAliasBombIsRefusedAtOnce() {
        String bomb = VALID + aliasChain("[lol, lol, lol, lol, lol, lol, lol, lol, lol]", 9, 9);

        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> assertThatThrownBy(
                () -> SpecReader.parse(bomb, "canary.yaml", null))
                .isInstanceOf(InvalidSpecException.class).hasMessageContaining("aliases"));
    }

    @Test
    void fewAliasesThatExpandToAHugeTreeAreRefusedToo() {
        String wide = VALID + aliasChain("[" + "1, ".repeat(199) + "1]", 4, 10);

        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> assertThatThrownBy(
                () -> SpecReader.parse(wide, "canary.yaml", null))
                .isInstanceOf(InvalidSpecException.class).hasMessageContaining("expands to more than"));
    }

    /** {@code x0: &x0 <first>}, then {@code levels} lists each of {@code width} aliases of the one before. */
    static String aliasChain(String first, int levels, int width) {
        StringBuilder yaml = new StringBuilder("x0: &x0 ").append(first).append('\n');
        for (int level = 1; level <= levels; level++) {
            String previous = "*x" + (level - 1);
            yaml.append('x').append(level).append(": &x").append(level).append(" [")
                    .append(IntStream.range(0, width).mapToObj(i -> previous).collect(Collectors.joining(", ")))
                    .append("]\n");
        }
        return yaml.toString();
    }

    @Test
    void aValueThatContainsItselfIsRefused() {
        String yaml = VALID.replace("timeouts:\n  approval: 4h", "timeouts: &loop\n  approval: 4h\n  again: *loop");

        assertThatThrownBy(() -> SpecReader.parse(yaml, "canary.yaml", null))
                .hasMessageContaining("refers to a value that contains it");
    }

    @Test
    void aKeyGivenTwiceIsRefusedNamingBothLines() {
        String yaml = VALID.replace("region: eu-west-1\n", "region: eu-west-1\nregion: us-east-1\n")
                .replace("  ttl: 30s\n", "  ttl: 30s\n  ttl: 60s\n");

        InvalidSpecException e = catchThrowableOfType(InvalidSpecException.class,
                () -> SpecReader.parse(yaml, "canary.yaml", null));

        assertThat(e.getMessage())
                .contains("canary.yaml:4: region: 'region' is given twice, on line 3 and on line 4")
                .contains("canary.yaml:11: dns.ttl: 'ttl' is given twice, on line 10 and on line 11");
    }

    @Test
    void everyProblemOfTheFileIsReportedInOneRunBindingOnesToo() {
        String yaml = VALID.replace("  ttl: 30s", "  ttl: 30s\n  tll: 5")
                .replace("bake: 10m", "bake: ten minutes")
                .replace("type: trafficShare", "type: vibes")
                .replace("percent: 25", "percent: 150")
                .replace("minHealthy: 2", "minHealthy: two");

        InvalidSpecException e = catchThrowableOfType(InvalidSpecException.class,
                () -> SpecReader.parse(yaml, "canary.yaml", null));

        assertThat(e.problems()).extracting(SpecProblem::field).containsExactly(
                "dns.tll", "steps[1].percent", "steps[2].bake", "gates[0].minHealthy", "gates[3]");
        assertThat(e.problems()).allSatisfy(p -> assertThat(p.line()).isPositive());
        assertThat(e.getMessage()).contains("unknown field 'tll'").contains("'ten minutes' is not a duration")
                .contains("unknown gate type 'vibes'").contains("must be within 0..100, was 150")
                .contains("'two' is not a valid whole number");
    }

    @Test
    void numbersTooLargeSayWhichFieldAndTheLimit() {
        String yaml = VALID.replace("minHealthy: 2", "minHealthy: 99999999999999999999")
                .replace("bake: 10m", "bake: 99999999999999999999s")
                .replace("  ttl: 30s", "  ttl: 99999999999999999999");

        InvalidSpecException e = catchThrowableOfType(InvalidSpecException.class,
                () -> SpecReader.parse(yaml, "canary.yaml", null));

        assertThat(e.getMessage())
                .contains("dns.ttl: 99999999999999999999 is out of range")
                .contains("steps[2].bake: '99999999999999999999s' is too long to be a duration")
                .contains("gates[0].minHealthy: 99999999999999999999 is out of range (at most 2147483647)")
                .doesNotContain("For input string");
    }

    @Test
    void yamlOneOneBooleansAreTextAndCustomTagsAreRefused() {
        assertThatThrownBy(() -> SpecReader.parse(VALID.replace("approval: true", "approval: yes"), "canary.yaml",
                null)).hasMessageContaining("steps[1].approval: 'yes' is not a valid true or false");
        assertThatThrownBy(() -> SpecReader.parse(VALID.replace("percent: 10", "percent: !weights 10"),
                "canary.yaml", null)).hasMessageContaining("canary.yaml:25: steps[0].percent: unsupported YAML tag"
                + " '!weights'");
    }

    @Test
    void aDocumentThatIsNotAMappingIsRefusedPlainly() {
        assertThatThrownBy(() -> SpecReader.parse("- a\n- b\n", "canary.yaml", null))
                .hasMessageContaining("a spec is a mapping of fields").hasMessageContaining("not a list");
        assertThatThrownBy(() -> SpecReader.parse("just text\n", "canary.yaml", null))
                .hasMessageContaining("not a single value");
        assertThatThrownBy(() -> SpecReader.parse("# only a comment\n", "canary.yaml", null))
                .hasMessageContaining("the spec is empty");
    }

    @Test
    void aBinaryFileIsNotText(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("canary.yaml");
        Files.write(file, new byte[] {(byte) 0xC3, (byte) 0x28, (byte) 0xFF, 0x00, 0x01});

        assertThatThrownBy(() -> SpecReader.read(file))
                .hasMessageContaining("is not UTF-8 text").hasMessageNotContaining("Input length");
    }

    @Test
    void infiniteAndNotANumberAreOutOfRangeNotACrash() {
        assertThatThrownBy(() -> SpecReader.parse(VALID.replace("percent: 25", "percent: 1e999"), "canary.yaml", null))
                .hasMessageContaining("canary.yaml:27: steps[1].percent: must be within 0..100, was infinity");
        assertThatThrownBy(() -> SpecReader.parse(VALID.replace("percent: 25", "percent: .nan"), "canary.yaml", null))
                .hasMessageContaining("steps[1].percent: must be within 0..100, was not a number");
        assertThatThrownBy(() -> SpecReader.parse(VALID.replace("type: compareToBlue",
                "type: compareToBlue\n    errorRateMargin: .nan"), "canary.yaml", null))
                .hasMessageContaining("gates[2].errorRateMargin: must be a finite number, was not a number");
    }
}
