package dev.ecscanary.jenkins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ecscanary.spec.CanarySpec;
import dev.ecscanary.spec.Mappers;
import dev.ecscanary.spec.SpecReader;
import dev.ecscanary.spec.StepSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SpecOverridesTest {

    @Test
    void noOverridesLeaveTheSpecAsItIs() {
        CanarySpec spec = Specs.valid();
        assertSame(spec, new SpecOverrides(null, null, false).apply(spec));
    }

    @Test
    void theDeploymentIdAndStackParametersReplaceTheFiles() {
        CanarySpec spec = new SpecOverrides("shop-web-43", Map.of("shop-green.ImageTag", "abc123", "shop-green.Extra", "x"),
                false).apply(Specs.valid());

        assertEquals("shop-web-43", spec.deploymentId());
        assertEquals(Map.of("Side", "green", "ImageTag", "abc123", "Extra", "x"), spec.stacks().get(0).parameters());
    }

    @Test
    void theSameArgumentsGiveTheSameSpecWhateverTheirOrder() throws Exception {
        Map<String, String> one = new LinkedHashMap<>();
        one.put("shop-green.B", "2");
        one.put("shop-green.A", "1");
        Map<String, String> other = new LinkedHashMap<>();
        other.put("shop-green.A", "1");
        other.put("shop-green.B", "2");

        String first = Mappers.json().writeValueAsString(new SpecOverrides("d-1", one, true).apply(Specs.valid()));
        String second = Mappers.json().writeValueAsString(new SpecOverrides("d-1", other, true).apply(Specs.valid()));

        assertEquals(first, second);
    }

    @Test
    void aBodyMakesEveryStepAfterTheFirstWaitForApproval() {
        List<StepSpec> steps = new SpecOverrides(null, null, true).apply(Specs.valid()).resolvedSteps();

        assertFalse(steps.get(0).needsApproval());
        assertTrue(steps.subList(1, steps.size()).stream().allMatch(StepSpec::needsApproval));
        assertEquals(2, SpecOverrides.firstApprovalStep(new SpecOverrides(null, null, true).apply(Specs.valid())));
        assertEquals(2, SpecOverrides.firstApprovalStep(Specs.valid()), "the spec's own approval");
        CanarySpec unattended = SpecReader.parse(Specs.VALID.replace("    approval: true\n", ""), "canary.yaml", null);
        assertEquals(0, SpecOverrides.firstApprovalStep(unattended));
    }

    @Test
    void aStackParameterOfNoStackIsRefusedNamingTheStacks() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new SpecOverrides(null, Map.of("shop-blue.ImageTag", "1"), false).apply(Specs.valid()));
        assertEquals("stackParameters: 'shop-blue.ImageTag' names no stack of the spec (stacks: shop-green)",
                e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> new SpecOverrides(null, Map.of("ImageTag", "1"), false).apply(Specs.valid()));
    }

}
