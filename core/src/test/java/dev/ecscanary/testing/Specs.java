package dev.ecscanary.testing;

import dev.ecscanary.spec.CanarySpec;
import dev.ecscanary.spec.DnsSpec;
import dev.ecscanary.spec.GateSpec;
import dev.ecscanary.spec.ServiceSide;
import dev.ecscanary.spec.StackSpec;
import dev.ecscanary.spec.StepSpec;
import dev.ecscanary.spec.Steps;
import dev.ecscanary.spec.Timeouts;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Specs built in code, as the Jenkins step builds them. */
public final class Specs {

    public static final Duration BAKE = Duration.ofMinutes(5);

    private Specs() {
    }

    /** 10 -> 25 -> 50 -> 100 with a five-minute bake, two gates, one stack. */
    public static CanarySpec canary(String id) {
        return canary(id, Steps.of(StepSpec.of(10, BAKE, false), StepSpec.of(25, BAKE, false),
                StepSpec.of(50, BAKE, false), StepSpec.of(100, BAKE, false)));
    }

    public static CanarySpec canary(String id, Steps steps) {
        return new CanarySpec(id, "ecs-canary-state", "us-east-1",
                new DnsSpec("Z0TESTZONE", "shop.example.test", "blue", "green", null, Duration.ofSeconds(20)),
                new ServiceSide("shop", "shop-green", "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/g/1",
                        "app/shop-green/1"),
                new ServiceSide("shop", "shop-blue", "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/b/1",
                        "app/shop-blue/1"),
                List.of(new StackSpec("shop-green", "https://example.test/service.yaml", Map.of("ImageTag", "1.2.0"))),
                steps,
                List.of(new GateSpec.TargetHealth(null, Duration.ofSeconds(30), null, null, 2),
                        new GateSpec.Alarms(null, Duration.ofMinutes(1), 2, List.of("shop-green-5xx"))),
                Timeouts.DEFAULTS);
    }

    public static CanarySpec withTimeouts(CanarySpec spec, Timeouts timeouts) {
        return new CanarySpec(spec.deploymentId(), spec.stateTable(), spec.region(), spec.dns(), spec.green(), spec.blue(),
                spec.stacks(), spec.steps(), spec.gates(), timeouts);
    }
}
