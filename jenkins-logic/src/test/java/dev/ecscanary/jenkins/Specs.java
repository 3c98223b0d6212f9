package dev.ecscanary.jenkins;

import dev.ecscanary.spec.CanarySpec;
import dev.ecscanary.spec.SpecReader;
import dev.ecscanary.spec.Weights;
import dev.ecscanary.state.DeploymentRecord;
import dev.ecscanary.state.HistoryEntry;
import dev.ecscanary.state.HistoryEvent;
import dev.ecscanary.state.Phase;
import java.time.Instant;

/** Specs and records for tests that need no AWS: templates are URLs, so nothing is read from disk. */
final class Specs {

    static final String VALID = """
            deployment: shop-web-42
            stateTable: shop-ecs-canary-state
            region: eu-west-1
            dns:
              hostedZoneId: Z0123456789ABC
              recordName: shop.example.com
              blueSetIdentifier: blue
              greenSetIdentifier: green
              ttl: 30s
            green:
              cluster: shop
              service: shop-green
              targetGroup: arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/shop-green/1
            stacks:
              - name: shop-green
                template: https://example.com/service.yaml
                parameters:
                  Side: green
                  ImageTag: "1"
            steps:
              - percent: 10
                bake: 5m
              - percent: 25
                bake: 5m
              - percent: 50
                bake: 10m
              - percent: 100
            gates:
              - type: targetHealth
                minHealthy: 2
            """;

    private Specs() {
    }

    static CanarySpec valid() {
        return SpecReader.parse(VALID, "canary.yaml", null);
    }

    static DeploymentRecord record(CanarySpec spec, Instant now) {
        HistoryEntry created = new HistoryEntry(now, Phase.PENDING, -1, Weights.ALL_BLUE, "test", new HistoryEvent.Created());
        return DeploymentRecord.created(spec, "sha256:test", Weights.ALL_BLUE, now, created);
    }
}
