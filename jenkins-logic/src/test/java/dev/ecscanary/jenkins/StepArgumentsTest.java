package dev.ecscanary.jenkins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The steps' arguments: what each accepts, and what each refusal says. */
class StepArgumentsTest {

    @Test
    void stackParametersBecomePlainStringsInAStableOrder() {
        Map<Object, Object> given = new LinkedHashMap<>();
        given.put(new StringBuilder("shop-green.ImageTag"), 42);
        given.put("shop-green.Cpu", "256");

        Map<String, String> normalised = StepArguments.stackParameters(given);

        assertEquals(List.of("shop-green.Cpu", "shop-green.ImageTag"), List.copyOf(normalised.keySet()));
        assertEquals("42", normalised.get("shop-green.ImageTag"));
        assertNull(StepArguments.stackParameters(Map.of()), "none is null, so the snippet leaves it out");
    }

    @Test
    void aDrivingStepNeedsASpecOrAPreparedDeployment() {
        StepArguments.specOrDeployment("canary.yaml", null);
        StepArguments.specOrDeployment(null, "shop-42");
        IllegalArgumentException neither = assertThrows(IllegalArgumentException.class,
                () -> StepArguments.specOrDeployment(" ", null));
        assertEquals("give spec (the spec file, inside node) or deployment (the id canaryPrepare returned, to run "
                + "outside node without holding an executor)", neither.getMessage());
    }

    @Test
    void aLeaseIsADurationOfAtLeastTwoSeconds() {
        assertNull(StepArguments.leaseDuration(null));
        assertEquals(Duration.ofMinutes(2), StepArguments.leaseDuration(" 2m "));
        assertEquals("leaseDuration must be at least 2s, was 1s",
                assertThrows(IllegalArgumentException.class, () -> StepArguments.leaseDuration("1s")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> StepArguments.leaseDuration("soon"));
    }

    @Test
    void aShareMustBeAboveZeroAndAtMostAHundred() {
        StepArguments.percent(0.5);
        StepArguments.percent(100);
        assertEquals("percent must be the green share of one of the spec's steps, above 0 and at most 100; was 150",
                assertThrows(IllegalArgumentException.class, () -> StepArguments.percent(150)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> StepArguments.percent(0));
        assertThrows(IllegalArgumentException.class, () -> StepArguments.percent(Double.NaN));
    }

    @Test
    void aShareTypedInAFormIsANumberInTheSameRange() {
        assertEquals(25, StepArguments.percent(" 25 "));
        assertEquals("percent must be a number, the green share of one of the spec's steps, e.g. 25; was 'half'",
                assertThrows(IllegalArgumentException.class, () -> StepArguments.percent("half")).getMessage());
        assertEquals("percent must be a number, the green share of one of the spec's steps, e.g. 25; was ''",
                assertThrows(IllegalArgumentException.class, () -> StepArguments.percent((String) null)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> StepArguments.percent("0"));
    }

    @Test
    void aSpecOrADeploymentIdIsNeverBlank() {
        assertEquals("give spec, the spec file relative to the workspace, e.g. canary.yaml",
                assertThrows(IllegalArgumentException.class, () -> StepArguments.spec("  ")).getMessage());
        assertEquals("give deployment, the deployment id (what canaryPrepare or canaryStacks returned)",
                assertThrows(IllegalArgumentException.class, () -> StepArguments.deployment(null)).getMessage());
    }
}
